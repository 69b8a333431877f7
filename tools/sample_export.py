#!/usr/bin/env python3
"""Writes samples/ual-sample.jsonl: a seeded, realistic Unified Audit Log export.

Management Activity API records (RecordType 15, AzureActiveDirectoryStsLogon), one JSON object
per line, shaped like the real records in shared/fixtures/ual. One working day (2024-03-05 UTC)
of a 20-person tenant:

* ordinary users: one to three sessions each, every sign-in of a session from one address (office
  or home), some written with a port or IPv4-mapped (the scanner normalises them: not findings);
  a few failed sign-ins (UserLoginFailed, no SessionId) and SharePoint FileAccessed records
  (another workload: outside the pre-filter);
* two adversary-in-the-middle sessions: the victim signs in through a phishing proxy; the victim's
  address and the proxy's address then alternate on the same SessionId, the proxy with its own
  user agent;
* a roaming user whose session moves from the office to home with no overlap in time (a known
  false positive the plain detection reports).

Addresses are documentation ranges (RFC 5737, RFC 3849). Same seed, same file, byte for byte:

    python3 tools/sample_export.py [--seed 20240305] [--out samples/ual-sample.jsonl]
"""
import argparse
import datetime as dt
import json
import random
import uuid

TENANT = "8d4121ed-0008-406d-bff9-0d5bb312183c"
DAY = dt.datetime(2024, 3, 5, tzinfo=dt.timezone.utc)
OFFICE_IP = "198.51.100.20"
OFFICE_IP6 = "2001:db8:10:20::20"
USERS = ["adele.vance", "alex.wilber", "diego.siciliani", "grady.archie", "henrietta.mueller",
         "isaiah.langer", "johanna.lorenz", "joni.sherman", "lee.gu", "lidia.holloway",
         "lynne.robbins", "megan.bowen", "miriam.graham", "nestor.wilke", "patti.fernandez",
         "pradeep.gupta", "irvin.sayers", "allan.deyoung", "christie.cline", "enrico.cattaneo"]
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
]
PROXY_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/121.0.0.0 Safari/537.36"
APPS = ["00000002-0000-0ff1-ce00-000000000000", "00000003-0000-0ff1-ce00-000000000000",
        "00000003-0000-0000-c000-000000000000", "4765445b-32c6-49b0-83e6-1d93765276ca"]


def upn(name):
    return name + "@contoso.onmicrosoft.com"


def user_key(rng_name):
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, rng_name))


def sign_in(rng, t, user, ip, ua, session_id, operation="UserLoggedIn", actor_ip=True):
    key = user_key(user)
    record_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    app = rng.choice(APPS)
    ext = [{"Name": "ResultStatusDetail", "Value": "Success" if operation == "UserLoggedIn" else "UserError"},
           {"Name": "UserAgent", "Value": ua},
           {"Name": "UserAuthenticationMethod", "Value": "1"},
           {"Name": "RequestType", "Value": rng.choice(["OAuth2:Authorize", "OAuth2:Token", "Login:login"])}]
    device = [{"Name": "OS", "Value": "Windows10" if "Windows" in ua else "MacOs" if "Mac" in ua else "Linux"},
              {"Name": "BrowserType", "Value": "Edge" if "Edg" in ua else "Chrome"},
              {"Name": "IsCompliantAndManaged", "Value": "False"}]
    if session_id:
        device.append({"Name": "SessionId", "Value": session_id})
    record = {
        "CreationTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "Id": record_id, "Operation": operation,
        "OrganizationId": TENANT, "RecordType": 15,
        "ResultStatus": "Success" if operation == "UserLoggedIn" else "Failed",
        "UserKey": key, "UserType": 0, "Version": 1, "Workload": "AzureActiveDirectory",
        "ClientIP": ip, "ObjectId": app, "UserId": upn(user), "AzureActiveDirectoryEventType": 1,
        "ExtendedProperties": ext, "ModifiedProperties": [],
        "Actor": [{"ID": key, "Type": 0}, {"ID": upn(user), "Type": 5}],
        "ActorContextId": TENANT, "InterSystemsId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "IntraSystemId": record_id, "SupportTicketId": "", "Target": [{"ID": app, "Type": 0}],
        "TargetContextId": TENANT, "ApplicationId": app, "DeviceProperties": device,
        "ErrorNumber": "0" if operation == "UserLoggedIn" else "50126",
    }
    if actor_ip:
        # The add-on takes src_ip from ActorIpAddress; the API usually writes the bare address there.
        record["ActorIpAddress"] = ip.split("]")[0].lstrip("[") if ip.startswith("[") else ip
    if operation != "UserLoggedIn":
        record["LogonError"] = "InvalidUserNameOrPassword"
    return record


def file_accessed(rng, t, user, ip):
    return {"CreationTime": t.strftime("%Y-%m-%dT%H:%M:%S"),
            "Id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "Operation": "FileAccessed",
            "OrganizationId": TENANT, "RecordType": 6, "UserKey": "i:0h.f|membership|" + user_key(user) + "@live.com",
            "UserType": 0, "Version": 1, "Workload": "SharePoint", "ClientIP": ip, "UserId": upn(user),
            "ObjectId": "https://contoso.sharepoint.com/sites/finance/Shared Documents/Q1.xlsx",
            "UserAgent": rng.choice(BROWSERS), "SourceFileName": "Q1.xlsx"}


def at(hour, minute=0, second=0):
    return DAY + dt.timedelta(hours=hour, minutes=minute, seconds=second)


def session_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def ordinary(rng, records, user, home_ip):
    ua = rng.choice(BROWSERS)
    for _ in range(rng.randint(1, 3)):
        sid = session_id(rng)
        where = rng.random()
        ip = OFFICE_IP if where < 0.6 else home_ip
        start = at(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59))
        t = start
        for i in range(rng.randint(3, 10)):
            shown = ip
            if ip == OFFICE_IP and rng.random() < 0.15:
                shown = ip + ":" + str(rng.randint(1024, 65535))   # same client, written with its port
            elif ip == OFFICE_IP and rng.random() < 0.08:
                shown = "::ffff:" + ip                           # same client, IPv4-mapped
            records.append(sign_in(rng, t, user, shown, ua, sid, actor_ip=(shown == ip)))
            t += dt.timedelta(minutes=rng.randint(1, 40), seconds=rng.randint(0, 59))
    if rng.random() < 0.3:
        records.append(sign_in(rng, at(rng.randint(7, 17), rng.randint(0, 59)), user, home_ip, ua, None,
                               operation="UserLoginFailed"))
    if rng.random() < 0.4:
        records.append(file_accessed(rng, at(rng.randint(8, 17), rng.randint(0, 59)), user, OFFICE_IP))


def aitm(rng, records, user, victim_ip, proxy_ip, start):
    """The victim's browser and the phishing proxy alternate on one stolen session."""
    sid = session_id(rng)
    ua = rng.choice(BROWSERS)
    t = start
    for i in range(8):
        if i % 2 == 0:
            records.append(sign_in(rng, t, user, victim_ip, ua, sid))
        else:
            records.append(sign_in(rng, t, user, proxy_ip, PROXY_UA, sid))
        t += dt.timedelta(minutes=rng.randint(1, 12), seconds=rng.randint(0, 59))
    return sid


def roaming(rng, records, user, home_ip):
    """Office all morning, home in the evening, one session, never both at once."""
    sid = session_id(rng)
    ua = BROWSERS[0]
    for minute in range(0, 240, 35):
        records.append(sign_in(rng, at(8, 0) + dt.timedelta(minutes=minute), user, OFFICE_IP, ua, sid))
    for minute in range(0, 120, 30):
        records.append(sign_in(rng, at(18, 30) + dt.timedelta(minutes=minute), user, home_ip, ua, sid))
    return sid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240305)
    parser.add_argument("--out", default="samples/ual-sample.jsonl")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = []
    homes = {u: "203.0.113." + str(10 + i) for i, u in enumerate(USERS)}
    homes["megan.bowen"] = "2001:db8:4d2::" + "17"   # an IPv6 home connection
    for user in USERS:
        ordinary(rng, records, user, homes[user])
    findings = [
        ("AiTM", "lidia.holloway", aitm(rng, records, "lidia.holloway", homes["lidia.holloway"], "192.0.2.66", at(9, 12, 5))),
        ("AiTM", "pradeep.gupta", aitm(rng, records, "pradeep.gupta", OFFICE_IP, "[2001:db8:bad::66]:443", at(14, 3, 41))),
        ("roaming", "diego.siciliani", roaming(rng, records, "diego.siciliani", homes["diego.siciliani"])),
    ]
    records.sort(key=lambda r: (r["CreationTime"], r["Id"]))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n")
    for kind, user, sid in findings:
        print(kind, upn(user), sid)
    print(len(records), "records written to", args.out)


if __name__ == "__main__":
    main()
