extension HTMLReport {
    /// The page's whole style sheet: system fonts only, one column on a phone, charts that
    /// scroll sideways rather than shrink past reading.
    static let style = """
        :root{color-scheme:light;--ink:#1d2330;--mute:#5b6475;--line:#d8dce4;--card:#fff;--bg:#f3f4f7}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:12px}
        h1{font-size:1.35rem;margin:.4rem 0;overflow-wrap:anywhere}
        h2{font-size:1.1rem;margin:0 0 .5rem}
        .sub,.note,figcaption,.legend{color:var(--mute)}
        .sub{margin:0 0 .8rem;overflow-wrap:anywhere;font-size:.9rem}
        section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin:0 0 12px}
        .note{font-style:italic;margin:.3rem 0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:3px 6px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
        th{color:var(--mute);font-weight:600;white-space:nowrap}
        .facts th{width:38%}
        .big{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:8px}
        .big div{border:1px solid var(--line);border-radius:6px;padding:6px 8px}
        .big b{display:block;font-size:1.2rem}
        .sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}
        figure{margin:0;border:1px solid var(--line);border-radius:6px;overflow:hidden;background:#fafbfc}
        figure .thumb{display:block;width:100%;height:auto;background:#222}
        figure .missing{aspect-ratio:16/9;display:flex;align-items:center;justify-content:center;color:#ccc;font-size:.8rem}
        figcaption{font-size:.78rem;padding:4px 6px}
        .chip{display:inline-block;width:.8em;height:.8em;border-radius:50%;vertical-align:-1px;margin-right:4px}
        .scroll{overflow-x:auto}
        svg.chart{display:block;width:100%;min-width:640px;height:auto}
        svg text{font:11px system-ui,sans-serif;fill:var(--mute)}
        .axis line{stroke:#eef0f4;stroke-width:1}
        .cut{stroke:#9aa3b5;stroke-width:.6}
        .legend{display:flex;flex-wrap:wrap;column-gap:12px;font-size:.85rem}
        .num{white-space:nowrap}
        .bar{background:#7a8aa8;height:.7em;border-radius:3px;min-width:1px}
        """
}
