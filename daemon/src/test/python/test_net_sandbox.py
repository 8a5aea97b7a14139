"""net= in a real sandbox: a forked child confines itself as a worker does (Landlock, seccomp,
the supervisor of connect()) and reports what its sockets could do; the parent serves TCP on
127.0.0.1. Skipped, with the reason, where the machine cannot confine."""
import asyncio
import errno
import json
import os
import socket
import tempfile
import threading
import unittest

import cellar_modules

sandbox = cellar_modules.load("cellar_sandbox")
supervisor = cellar_modules.load("cellar_net_supervisor")


def _echo_server():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(100)
                conn.sendall(b"echo:" + data)
    threading.Thread(target=serve, daemon=True).start()
    return server


def _errno_of(action):
    try:
        action()
        return 0
    except OSError as e:
        return e.errno


def _checks(allowed, other):
    """What a confined cell sees; run in the confined child."""
    found = {}

    def talk(port, host="127.0.0.1", family=socket.AF_INET):
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect((host, port))
            s.sendall(b"ping")
            return s.recv(100).decode()
    found["allowed"] = talk(allowed)
    found["allowed_v4_mapped"] = _errno_of(lambda: talk(allowed, "::ffff:127.0.0.1", socket.AF_INET6))
    found["other_port"] = _errno_of(lambda: talk(other))
    found["other_address"] = _errno_of(lambda: talk(allowed, "127.0.0.2"))
    found["udp"] = _errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close())
    found["unix"] = _errno_of(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close())
    found["raw"] = _errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close())

    def bind():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
    found["bind"] = _errno_of(bind)

    def listen():
        with socket.socket() as s:
            s.listen(1)
    found["listen"] = _errno_of(listen)

    def fastopen():
        with socket.socket() as s:
            s.sendto(b"x", socket.MSG_FASTOPEN, ("127.0.0.1", other))
    found["fastopen"] = _errno_of(fastopen)

    async def non_blocking():
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", allowed), 5)
        writer.write(b"async")
        await writer.drain()
        answer = await reader.read(100)
        writer.close()
        return answer.decode()
    found["asyncio"] = asyncio.run(non_blocking())
    return found


def _confined(port, checks, other_port):
    """What checks(port, other_port) found in a forked child confined with net=127.0.0.1:port."""
    folder = tempfile.mkdtemp()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            sandbox.apply([folder], [], [["127.0.0.1", port]])
            result = checks(port, other_port)
        except BaseException as e:
            result = {"error": "%s: %s" % (type(e).__name__, e)}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        result = json.loads(f.read() or b"{}")
    os.waitpid(pid, 0)
    return result


class ConfinedConnectionsTest(unittest.TestCase):

    def setUp(self):
        found = sandbox.probe()
        if not found["landlock"] or not found["seccomp"] or found.get("netProblems"):
            problems = found["problems"] + found.get("netProblems", [])
            self.skipTest("this machine cannot confine with net=: %s" % "; ".join(problems))

    def test_a_confined_process_reaches_the_listed_endpoint_and_nothing_else(self):
        allowed, other = _echo_server(), _echo_server()
        self.addCleanup(allowed.close)
        self.addCleanup(other.close)
        port, other_port = allowed.getsockname()[1], other.getsockname()[1]
        result = _confined(port, _checks, other_port)
        self.assertNotIn("error", result, result.get("error"))
        self.assertEqual("echo:ping", result["allowed"])
        self.assertEqual("echo:async", result["asyncio"])
        self.assertIn(result["allowed_v4_mapped"], (0, errno.EAFNOSUPPORT))  # a machine without IPv6
        for refused in ("other_port", "other_address", "udp", "unix", "raw", "bind", "listen", "fastopen"):
            self.assertEqual(errno.EACCES, result[refused], refused)


def _other_paths(allowed, other):
    """Other ways a confined cell might reach another endpoint, or the supervisor; run in the confined child."""
    import ctypes
    import struct
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    found = {}

    def raw(nr, *args):
        return 0 if libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args]) >= 0 else ctypes.get_errno()
    found["io_uring_setup"] = raw(425, 8, 0)
    found["x32_socket"] = raw(0x40000000 | 41, socket.AF_INET, socket.SOCK_STREAM, 0)
    with open("/proc/self/task/%d/children" % os.getpid()) as f:
        supervisor = int(f.read().split()[0])
    found["signal_supervisor"] = _errno_of(lambda: os.kill(supervisor, 0))
    found["supervisor_mem"] = _errno_of(lambda: open("/proc/%d/mem" % supervisor, "rb").close())

    def deferred_then_elsewhere():  # TCP_FASTOPEN_CONNECT: connect() only names the endpoint, the send makes the SYN
        with socket.socket() as s:
            s.settimeout(5)
            s.setsockopt(socket.IPPROTO_TCP, 30, 1)
            s.connect(("127.0.0.1", allowed))
            s.sendto(b"tfo", 0, ("127.0.0.1", other))
            return s.recv(100).decode()
    found["deferred_sendto_other"] = deferred_then_elsewhere()

    def unspec_then_other():
        with socket.socket() as s:
            s.connect(("127.0.0.1", allowed))
            if libc.connect(s.fileno(), ctypes.create_string_buffer(16), 16) != 0:
                return ctypes.get_errno()
            s.connect(("127.0.0.1", other))
            return 0
    found["disconnect"] = unspec_then_other()
    found["any_address"] = _errno_of(lambda: socket.create_connection(("0.0.0.0", allowed), 5).close())
    found["mptcp"] = _errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262).close())
    found["sctp"] = _errno_of(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132).close())

    def sendmsg_fastopen():
        with socket.socket() as s:
            s.sendmsg([b"x"], [], socket.MSG_FASTOPEN, ("127.0.0.1", other))
    found["sendmsg_fastopen"] = _errno_of(sendmsg_fastopen)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, str(_errno_of(lambda: socket.create_connection(("127.0.0.1", other), 5).close())).encode())
        os._exit(0)
    os.close(write)
    found["forked_child"] = int(os.read(read, 16))
    os.waitpid(child, 0)
    # another thread flips the address between the allowed port and another while connect() waits
    good = struct.pack("<H", socket.AF_INET) + struct.pack(">H", allowed) + bytes([127, 0, 0, 1]) + bytes(8)
    bad = struct.pack("<H", socket.AF_INET) + struct.pack(">H", other) + bytes([127, 0, 0, 1]) + bytes(8)
    address, stop = ctypes.create_string_buffer(good, 16), []

    def flip():
        while not stop:
            ctypes.memmove(address, bad, 16)
            ctypes.memmove(address, good, 16)
    flipper = threading.Thread(target=flip)
    flipper.start()
    for _ in range(100):
        with socket.socket() as s:
            libc.connect(s.fileno(), address, 16)
    stop.append(True)
    flipper.join()
    return found


class OtherPathsTest(unittest.TestCase):
    setUp = ConfinedConnectionsTest.setUp

    def test_no_other_call_reaches_another_endpoint_or_the_supervisor(self):
        allowed, other = _echo_server(), socket.socket()  # other: listening, and nobody takes what arrives
        other.bind(("127.0.0.1", 0))
        other.listen(16)
        self.addCleanup(allowed.close)
        self.addCleanup(other.close)
        port, other_port = allowed.getsockname()[1], other.getsockname()[1]
        result = _confined(port, _other_paths, other_port)
        self.assertNotIn("error", result, result.get("error"))
        self.assertEqual(errno.EPERM, result["io_uring_setup"])
        self.assertEqual(errno.EPERM, result["x32_socket"])
        self.assertEqual(errno.EACCES, result["supervisor_mem"])
        if sandbox.probe(False)["landlock"] >= 6:  # signals scoped to the sandbox
            self.assertEqual(errno.EPERM, result["signal_supervisor"])
        self.assertEqual("echo:tfo", result["deferred_sendto_other"], "the deferred SYN went where connect() said")
        for refused in ("disconnect", "any_address", "mptcp", "sctp", "sendmsg_fastopen", "forked_child"):
            self.assertEqual(errno.EACCES, result[refused], refused)
        other.settimeout(0.5)
        with self.assertRaises(socket.timeout, msg="a connection reached the other endpoint"):
            other.accept()


class DestinationTest(unittest.TestCase):
    allowed = supervisor.allow_list([["127.0.0.1", 8786], ["::1", 5432]])

    def test_an_allowed_ipv4_address_is_copied(self):
        raw = b"\x02\x00" + (8786).to_bytes(2, "big") + bytes([127, 0, 0, 1]) + b"\xff" * 8
        own = supervisor.destination(raw, 16, self.allowed)
        self.assertEqual(raw[:8] + bytes(8), own)

    def test_another_port_or_family_is_refused(self):
        raw = b"\x02\x00" + (8787).to_bytes(2, "big") + bytes([127, 0, 0, 1]) + bytes(8)
        with self.assertRaises(OSError) as e:
            supervisor.destination(raw, 16, self.allowed)
        self.assertEqual(errno.EACCES, e.exception.errno)
        with self.assertRaises(OSError) as e:
            supervisor.destination(b"\x01\x00/tmp/x", 8, self.allowed)
        self.assertEqual(errno.EACCES, e.exception.errno)

    def test_ipv6_and_mapped_ipv4_match_their_endpoint(self):
        v6 = b"\x0a\x00" + (5432).to_bytes(2, "big") + bytes(4) + bytes(15) + b"\x01" + bytes(4)
        self.assertEqual(v6, supervisor.destination(v6, 28, self.allowed))
        mapped = b"\x0a\x00" + (8786).to_bytes(2, "big") + bytes(4) + bytes(10) + b"\xff\xff" + bytes([127, 0, 0, 1])
        self.assertEqual(mapped + bytes(4), supervisor.destination(mapped, 24, self.allowed))

    def test_a_short_address_is_invalid(self):
        with self.assertRaises(OSError) as e:
            supervisor.destination(b"\x02\x00\x22", 3, self.allowed)
        self.assertEqual(errno.EINVAL, e.exception.errno)


if __name__ == "__main__":
    unittest.main()
