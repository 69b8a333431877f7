"""Gate on an AppInspect JSON report: exit 1 when summary.failure or summary.error is non-zero.

Prints the summary, then every failing, erroring, warning and manual check with its messages.
Usage: python3 tools/appinspect_gate.py target/appinspect.json
"""
import json
import sys

report = json.load(open(sys.argv[1]))
summary = report["summary"]
print("AppInspect summary:", json.dumps(summary, sort_keys=True))
for app_report in report["reports"]:
    for group in app_report["groups"]:
        for check in group["checks"]:
            if check["result"] in ("failure", "error", "warning", "manual_check"):
                print(f"{check['result'].upper()}: {check['name']}")
                for message in check.get("messages", []):
                    where = message.get("message_filename") or ""
                    line = message.get("message_line")
                    print(f"    {message.get('message', '').strip()} [{where}{':' + str(line) if line else ''}]")
if summary.get("failure", 0) or summary.get("error", 0):
    print(f"AppInspect gate FAILED: {summary.get('failure', 0)} failure(s), {summary.get('error', 0)} error(s)")
    sys.exit(1)
print("AppInspect gate passed: 0 failures, 0 errors")
