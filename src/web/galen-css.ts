/** The app's one stylesheet: readable type, visible focus, AA contrast, a print layout and a 375 px layout. */
export const STYLESHEET = `
:root{--ink:#1b1f24;--muted:#4a5360;--line:#d5dae1;--accent:#0b5cad;--warn-bg:#fff4d6;--warn-ink:#5c3d00;--urgent:#a40000;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header.site,footer.site{border-bottom:1px solid var(--line);padding:.75rem 1rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.9rem;margin-top:3rem}
header.site nav{display:flex;gap:1.25rem;align-items:baseline;max-width:48rem;margin:0 auto}
header.site .brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--ink)}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);font-size:.9rem}
.status{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:600}
.banner{background:var(--warn-bg);color:var(--warn-ink);border:1px solid #e0c27a;padding:.5rem .75rem;margin:.75rem 0;font-weight:600}
.urgent{border:2px solid var(--urgent);color:var(--urgent);padding:.75rem 1rem;font-weight:700}
.framing{font-style:italic}
.flag{border-bottom:1px dashed}
.bottom-line{background:#f3f6fa;border-left:4px solid var(--accent);padding:.75rem 1rem}
sup a{text-decoration:none;font-weight:600;padding:0 .1rem}
form.ask{display:flex;flex-direction:column;gap:.5rem}
form.ask textarea{font:inherit;padding:.5rem;min-height:4.5rem}
form.inline{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:.3rem;padding:.45rem 1rem;cursor:pointer}
button.link{background:none;color:var(--accent);padding:0;text-decoration:underline}
select,input[type=search]{font:inherit;padding:.3rem}
ol.references li{margin-bottom:.6rem}
.level{font-size:.8rem;border:1px solid var(--muted);border-radius:.2rem;padding:0 .3rem;margin-left:.3rem;white-space:nowrap}
blockquote{margin:.4rem 0 .4rem 1rem;color:var(--muted)}
.chart svg{max-width:100%;height:auto}
.onboarding{border:1px solid var(--line);padding:1rem;background:#fafbfc}
pre{overflow-x:auto;background:#f3f4f6;padding:.5rem}
ul.plain{list-style:none;padding:0}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;border-bottom:1px solid var(--line);padding:.35rem .4rem;vertical-align:top}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
pre.runs{white-space:pre-wrap;font:inherit;background:none;padding:0}
del{background:#ffe3e3;color:#7a0000}ins{background:#dcf5dc;color:#0b4d0b;text-decoration:underline}
@media (max-width:40rem){.side-by-side{grid-template-columns:1fr}}
@media print{header.site,footer.site,form,.no-print{display:none}a{color:inherit;text-decoration:none}main{max-width:none}}
`;
