/// The page at `/`: a table of jobs that redraws itself from `jobs.json` every two seconds. One
/// self-contained document (inline style and script, no external files), so that it works on
/// a machine with no network beyond the daemon's port, and under a strict Content-Security-Policy.
enum StatusPage {
    /// Allows only what the page itself carries and the requests it makes back to the daemon.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src data:"

    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>soundtrack daemon</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; background: #fafafa; }
        h1 { font-size: 1.3em; margin: 0 0 .3em; }
        #health { display: inline-block; padding: .15em .6em; border-radius: 1em; font-weight: 600; }
        #health.ok { background: #d8f5dc; color: #145a1e; } #health.bad { background: #fbd9d6; color: #8a1c12; }
        #summary, #updated { color: #555; margin: .4em 0; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
        th { background: #f0f0f0; font-weight: 600; }
        td.path { font-family: ui-monospace, monospace; font-size: .92em; overflow-wrap: anywhere; }
        td.time { white-space: nowrap; }
        .state { font-weight: 600; border-radius: .3em; padding: .05em .4em; }
        .queued { background: #eef; } .running { background: #fff3c4; } .done { background: #d8f5dc; }
        .failed { background: #fbd9d6; } .refused { background: #e8e8e8; }
        .error { color: #8a1c12; }
        </style>
        </head>
        <body>
        <h1>soundtrack daemon <span id="health">…</span></h1>
        <div id="summary">Loading…</div>
        <table>
        <thead><tr><th>State</th><th>Input</th><th>Queued</th><th>Started</th><th>Finished</th><th>Took</th>
        <th>Output, or error</th><th>Report</th></tr></thead>
        <tbody id="jobs"></tbody>
        </table>
        <div id="updated"></div>
        <noscript>This page needs JavaScript to show the jobs; jobs.json has them as JSON.</noscript>
        <script>
        "use strict";
        const pad = (n) => String(n).padStart(2, "0");
        function when(seconds) {
          if (seconds == null) return "–";
          const d = new Date(seconds * 1000);
          return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
            pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
        }
        function took(seconds) {
          if (seconds == null) return "–";
          if (seconds < 60) return seconds.toFixed(1) + " s";
          return Math.floor(seconds / 60) + " min " + pad(Math.round(seconds % 60)) + " s";
        }
        function cell(row, text, className) {
          const td = row.insertCell();
          td.textContent = text;
          if (className) td.className = className;
          return td;
        }
        function draw(data) {
          const health = document.getElementById("health");
          health.textContent = data.healthy ? "healthy" : data.health;
          health.className = data.healthy ? "ok" : "bad";
          const c = data.counts;
          document.getElementById("summary").textContent =
            c.running + " running, " + c.queued + " queued, " + c.done + " done, " + c.failed +
            " failed, " + c.refused + " refused" +
            (data.total > data.jobs.length ? " (newest " + data.jobs.length + " of " + data.total + " shown)" : "");
          const body = document.getElementById("jobs");
          body.replaceChildren();
          for (const job of data.jobs) {
            const row = body.insertRow();
            row.dataset.job = job.id;
            row.dataset.state = job.state;
            const state = cell(row, "");
            const badge = document.createElement("span");
            badge.className = "state " + job.state;
            badge.textContent = job.state + (job.attempts > 1 ? " (try " + job.attempts + ")" : "");
            state.appendChild(badge);
            cell(row, job.input, "path");
            cell(row, when(job.queued), "time");
            cell(row, when(job.started), "time");
            cell(row, when(job.finished), "time");
            cell(row, took(job.seconds), "time");
            if (job.error) {
              cell(row, job.error + (job.stage ? " (stage " + job.stage + ")" : ""), "error");
            } else {
              cell(row, job.output || "", "path");
            }
            const report = cell(row, "");
            if (job.report) {
              const link = document.createElement("a");
              link.href = job.report;
              link.textContent = "report";
              report.appendChild(link);
            }
          }
        }
        async function refresh() {
          const updated = document.getElementById("updated");
          try {
            const response = await fetch("jobs.json", { cache: "no-store" });
            draw(await response.json());
            updated.textContent = "Updated " + when(Date.now() / 1000) + "; refreshes every 2 s.";
          } catch (error) {
            updated.textContent = "Cannot reach the daemon (" + error.message + "); retrying.";
          }
        }
        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>

        """
}
