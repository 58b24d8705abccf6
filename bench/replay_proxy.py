"""A front for the moto host that answers ECR reads from memory, after injected latency.

Against AWS the server's work is not on the client's machine. Against moto on two cores it
is: moto spends about 3 ms of CPU per request, more than the program itself, so a benchmark
of many requests measures moto. This proxy asks moto once for each distinct ECR read
(account, region, operation, body) and from then on answers it from memory after the
latency alone: moto's work leaves the critical path, the request still crosses a socket
and is still signed, sent and parsed by the program. Everything else (STS, Organizations)
goes to moto every time. AssumeRole replies teach it which account a temporary access key
belongs to, as moto itself maps them.

One asyncio loop, keep-alive connections; misses are forwarded by a few threads.

Protocol, as the moto host's: the first line written is {"endpoint": URL}; then one JSON
object per line on stdin: {"latency": MS} delays every later answer by MS ms, {"stats": 1}
replies the hits and misses so far. End of input stops it.

    python3.11 bench/replay_proxy.py UPSTREAM_URL
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import sys
import threading
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921."
CACHED_OPERATIONS = frozenset(
    {"DescribeRepositories", "GetRepositoryPolicy", "GetRegistryPolicy", "GetAccountSetting"}
)
CREDENTIAL = re.compile(r"Credential=([^/,]+)/\d+/([a-z0-9-]+)/")
ACCESS_KEY = re.compile(r"<AccessKeyId>([A-Z0-9]+)</AccessKeyId>")
FORWARDERS = 8
DROPPED = frozenset({b"connection", b"content-length", b"transfer-encoding", b"keep-alive"})

Reply = tuple[int, str, list[tuple[str, str]], bytes]


class Replay:
    def __init__(self, upstream: str) -> None:
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self.latency = 0.0
        self.cache: dict[tuple[str, str, str, bytes], Reply] = {}
        self.accounts: dict[str, str] = {}
        """Temporary access key -> the account of the role it was issued for."""
        self.hits = 0
        self.misses = 0
        self.missed: Counter[str] = Counter()
        """Operations moto answered, by name."""
        self.forwarders = ThreadPoolExecutor(max_workers=FORWARDERS)
        self.local = threading.local()

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection(*self.upstream)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = self.local.connection = http.client.HTTPConnection(*self.upstream)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
        payload = response.read()
        kept = [(k, v) for k, v in response.getheaders() if k.lower().encode() not in DROPPED]
        return response.status, response.reason, kept, payload

    def key(self, headers: dict[str, str], body: bytes) -> tuple[str, str, str, bytes] | None:
        target = headers.get("x-amz-target", "")
        if not target.startswith(ECR_TARGET):
            return None
        operation = target.removeprefix(ECR_TARGET)
        found = CREDENTIAL.search(headers.get("authorization", ""))
        if operation not in CACHED_OPERATIONS or not found:
            return None
        access_key, region = found.groups()
        account = self.accounts.get(access_key, "host" if not access_key.startswith("ASIA") else "")
        if not account:
            return None
        return account, region, operation, body

    def learn(self, body: bytes, payload: bytes) -> None:
        """An AssumeRole reply: its access key belongs to the role's account."""
        form = urllib.parse.parse_qs(body.decode(errors="replace"))
        if form.get("Action") != ["AssumeRole"]:
            return
        role = form.get("RoleArn", [""])[0].split(":")
        issued = ACCESS_KEY.search(payload.decode(errors="replace"))
        if len(role) > 4 and issued:
            self.accounts[issued.group(1)] = role[4]

    async def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        key = self.key(headers, body)
        if key is not None and key in self.cache:
            self.hits += 1
            if self.latency:
                await asyncio.sleep(self.latency)
            return self.cache[key]
        self.misses += 1
        self.missed[_operation(headers, body)] += 1
        loop = asyncio.get_running_loop()
        forwarded = {k: v for k, v in headers.items() if k.encode() not in DROPPED}
        forwarded["content-length"] = str(len(body))
        reply = await loop.run_in_executor(
            self.forwarders, self.forward, method, path, forwarded, body
        )
        if reply[0] == 200 and b"AssumeRole" in body:
            self.learn(body, reply[3])
        if key is not None and reply[0] < 500:
            self.cache[key] = reply
        if self.latency:
            await asyncio.sleep(self.latency)
        return reply

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, *lines = head.decode("latin-1").split("\r\n")
                method, path, _ = request_line.split(" ", 2)
                headers: dict[str, str] = {}
                for line in lines:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                status, reason, reply_headers, payload = await self.answer(
                    method, path, headers, body
                )
                out = [f"HTTP/1.1 {status} {reason}"]
                out += [f"{k}: {v}" for k, v in reply_headers]
                out.append(f"Content-Length: {len(payload)}")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + payload)
                await writer.drain()
        except ConnectionError:
            return
        finally:
            writer.close()


def _operation(headers: dict[str, str], body: bytes) -> str:
    target = headers.get("x-amz-target", "")
    if target:
        return target.rpartition(".")[2]
    form = urllib.parse.parse_qs(body.decode(errors="replace"))
    return form.get("Action", ["?"])[0]


async def main(upstream: str) -> None:
    replay = Replay(upstream)
    server = await asyncio.start_server(replay.connection, "127.0.0.1", 0, backlog=1024)
    host, port = server.sockets[0].getsockname()[:2]
    print(json.dumps({"endpoint": f"http://{host}:{port}"}), flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        if not line.strip():
            continue
        command: dict[str, Any] = json.loads(line)
        if "latency" in command:
            replay.latency = float(command["latency"]) / 1000
        reply = {"hits": replay.hits, "misses": replay.misses, "missed": replay.missed}
        print(json.dumps(reply), flush=True)
    server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
