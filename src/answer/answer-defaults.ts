/** Twenty sources: the strongest designs often name the condition differently and rank just below the first ten. */
export const DEFAULT_SOURCE_COUNT = 20;

/** One on-topic source can answer (the answer then says it rests on a single source). */
export const DEFAULT_MINIMUM_SOURCES = 1;
