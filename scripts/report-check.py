#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium and says what a reader would meet.

Talks the DevTools protocol over --remote-debugging-pipe (standard library only): loads the
page at a given window width, records every console error, uncaught exception and network
request, counts the report's pictures and note shapes, and takes a full-page screenshot.
Prints one JSON object on stdout. Used by the end-to-end tests and to make docs/report/*.png.

usage: report-check.py REPORT.html... [--width 1280 --width 390] [--screenshots DIR]
Prints a JSON array: one object per report and width.
"""
import argparse, base64, json, os, shutil, subprocess, sys, tempfile, time, urllib.parse

COUNTS = """JSON.stringify({
  thumbnails: document.querySelectorAll('#scenes img.thumb').length,
  thumbnailsDecoded: [...document.querySelectorAll('#scenes img.thumb')].filter(i => i.complete && i.naturalWidth > 0).length,
  figures: document.querySelectorAll('#scenes figure.scene').length,
  cuts: document.querySelectorAll('#timeline-chart line.cut').length,
  noteShapes: document.querySelectorAll('#roll g.notes rect').length,
  notes: [...document.querySelectorAll('p.note')].map(p => p.textContent),
  sections: [...document.querySelectorAll('main > section')].map(s => s.id),
  pageWidth: document.documentElement.scrollWidth,
  viewportWidth: window.innerWidth,
  title: document.title
})"""


class Browser:
    def __init__(self, profile):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # The child reads commands on fd 3 and writes answers on fd 4.
        def child_fds():
            commands, answers = os.dup(to_chrome_r), os.dup(from_chrome_w)  # above 4, so neither is overwritten
            os.dup2(commands, 3)
            os.dup2(answers, 4)
        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.writer = os.fdopen(to_chrome_w, "wb")
        self.reader = os.fdopen(from_chrome_r, "rb")
        self.next_id = 0
        self.events = []
        self.buffer = b""

    def receive(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.reader.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.writer.write(json.dumps(message).encode() + b"\0")
        self.writer.flush()
        while True:
            answer = self.receive()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return
            self.events.append(self.receive())
        raise RuntimeError(f"no {method} within {seconds} s")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def check(browser, path, width, screenshot_dir):
    """One page at one window width: what the reader meets there."""
    url = "file://" + urllib.parse.quote(os.path.abspath(path))
    mobile = width < 600
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ["Page", "Runtime", "Log", "Network"]:
        browser.call(domain + ".enable", session=session)
    browser.call("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile}, session=session)
    browser.events.clear()
    browser.call("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", 60)
    counts = json.loads(browser.call("Runtime.evaluate", {"expression": COUNTS, "returnByValue": True},
                                     session=session)["result"]["value"])
    result = {"report": path, "width": width, "mobile": mobile, **counts}
    if screenshot_dir:
        metrics = browser.call("Page.getLayoutMetrics", session=session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = browser.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}},
            session=session)
        name = os.path.splitext(os.path.basename(path))[0] + f"-{width}.png"
        shot_path = os.path.join(screenshot_dir, name)
        with open(shot_path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        result["screenshot"] = {"path": shot_path, "width": size["width"], "height": size["height"],
                                "bytes": os.path.getsize(shot_path)}
    errors, requests = [], []
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            if request_url != url and not request_url.startswith("data:"):
                requests.append(request_url)
    result["consoleErrors"] = errors
    result["requests"] = requests
    browser.call("Target.closeTarget", {"targetId": target})
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--width", type=int, action="append", help="window width in CSS pixels (repeatable)")
    parser.add_argument("--screenshots", help="folder for full-page screenshots, NAME-WIDTH.png")
    args = parser.parse_args()
    profile = tempfile.mkdtemp(prefix="report-check-")
    browser = Browser(profile)
    try:
        results = [check(browser, report, width, args.screenshots)
                   for report in args.reports for width in (args.width or [1280])]
        print(json.dumps(results))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
