import type { Reference } from "../../answer/answer.ts";
import { EVIDENCE_LEVEL_LABELS, EVIDENCE_LEVELS } from "../../evidence/index.ts";

const WIDTH = 640;
const ROW = 30;
const LEFT = 210;
const RIGHT = 24;

/**
 * "Evidence at a glance": each cited source as a numbered mark, by evidence level (rows, strongest first) and year
 * (across). Readable without colour: rows are labelled, marks carry their reference numbers.
 */
export function EvidenceChart({ references }: { references: readonly Reference[] }) {
  const dated = references.filter((reference) => reference.year !== undefined);
  if (dated.length === 0) return null;
  const levels = EVIDENCE_LEVELS.filter((level) =>
    dated.some((reference) => reference.evidenceLevel === level),
  );
  const years = dated.map((reference) => reference.year ?? 0);
  const from = Math.min(...years);
  const to = Math.max(...years);
  const x = (year: number) => LEFT + ((year - from) / Math.max(1, to - from)) * (WIDTH - LEFT - RIGHT);
  const height = levels.length * ROW + 40;
  const description = levels
    .map((level) => {
      const cited = dated.filter((reference) => reference.evidenceLevel === level);
      return `${EVIDENCE_LEVEL_LABELS[level]}: ${cited.map((reference) => `[${reference.number}] ${reference.year}`).join(", ")}`;
    })
    .join("; ");
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Cited sources by evidence level and year</title>
        <desc id="chart-desc">{description}</desc>
        {levels.map((level, row) => {
          const y = 20 + row * ROW;
          return (
            <g>
              <text x={LEFT - 10} y={y + 5} text-anchor="end" font-size="13" fill="#1b1f24">
                {EVIDENCE_LEVEL_LABELS[level]}
              </text>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} stroke="#d5dae1" />
              {dated
                .filter((reference) => reference.evidenceLevel === level)
                .map((reference, index) => (
                  <g>
                    <circle
                      cx={x(reference.year ?? from)}
                      cy={y - (index % 2) * 4}
                      r="9"
                      fill="#fff"
                      stroke="#1b1f24"
                    />
                    <text
                      x={x(reference.year ?? from)}
                      y={y + 4 - (index % 2) * 4}
                      text-anchor="middle"
                      font-size="10"
                      fill="#1b1f24"
                    >
                      {reference.number}
                    </text>
                  </g>
                ))}
            </g>
          );
        })}
        <text x={LEFT} y={height - 6} font-size="12" fill="#4a5360">
          {from}
        </text>
        <text x={WIDTH - RIGHT} y={height - 6} text-anchor="end" font-size="12" fill="#4a5360">
          {to}
        </text>
      </svg>
      <figcaption class="meta">Each circle is a cited source, numbered as in the references.</figcaption>
    </figure>
  );
}
