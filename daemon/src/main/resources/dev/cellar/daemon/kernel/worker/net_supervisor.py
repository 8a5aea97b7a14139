# The supervisor of a confined worker's TCP connections (net=IP:PORT,… with sandbox=on).
#
# Landlock's TCP rules (ABI 4+) name ports only, and a seccomp filter cannot read the address
# a connect() points at (it is in the caller's memory), so the address is checked here, by
# seccomp user notification: the worker's filter sends every connect() to this process
# (SECCOMP_RET_USER_NOTIF) instead of running it. The alternative, a network namespace with a
# forwarder, would need user namespaces (often disabled) and a proxy per endpoint, and would
# change what the cell's socket is (its peer, its options).
#
# This process is a fork of the worker made before the worker confined itself, so it is
# outside the Landlock domain and has no seccomp filter: it can connect where the worker
# cannot. For each notification it
#   1. opens the caller's /proc/PID/mem and a pidfd of its process, then checks that the
#      notification is still pending (SECCOMP_IOCTL_NOTIF_ID_VALID): the pid is the caller's,
#      not a recycled one;
#   2. reads the sockaddr once (at most addrlen bytes, 128 at most) and checks its family and
#      its exact address and port against the allow-list; from then on only its own copy is
#      used, so another thread of the worker rewriting that memory changes nothing;
#   3. takes the caller's socket itself (pidfd_getfd), checks that it is a TCP stream socket,
#      and calls connect() on it with its own copy of the address. The socket is the
#      worker's own open file, so it keeps its options and its O_NONBLOCK: a non-blocking
#      connect answers EINPROGRESS, and the worker's event loop (asyncio) waits for it as usual;
#   4. answers the notification with connect()'s result or errno; a refused endpoint gets
#      EACCES, as Landlock's own refusal of a connect would.
# Each notification is handled on a thread of its own, so one slow connect stalls no other.
# The supervisor ends when no process is left under the filter (the listener reports POLLHUP);
# it is in the worker's process group and, once the worker ends, a child of its keeper, which
# kills it with the rest.
import ctypes
import errno
import ipaddress
import os
import select
import signal
import socket
import struct
import threading

_SYS_PIDFD_OPEN, _SYS_PIDFD_GETFD = 434, 438
# ioctls of the listener (include/uapi/linux/seccomp.h, x86_64 sizes: notif 80, resp 24)
_NOTIF_RECV, _NOTIF_SEND, _NOTIF_ID_VALID = 0xC0502100, 0xC0182101, 0x40082102
_NOTIF = struct.Struct("<QIIiIQ6Q")  # id, pid, flags, then seccomp_data: nr, arch, ip, args[6]
_RESP = struct.Struct("<QqiI")  # id, val, error, flags
_SO_DOMAIN, _SO_TYPE, _SO_PROTOCOL = 39, 3, 38
_MAX_SOCKADDR = 128  # sizeof(struct sockaddr_storage)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def allow_list(endpoints):
    """{(address, port)} from [[ip, port], …]: IPv4-mapped IPv6 addresses as their IPv4 one."""
    return frozenset((_plain(ipaddress.ip_address(ip)), int(port)) for ip, port in endpoints)


def _plain(ip):
    return ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped is not None else ip


def destination(raw, addrlen, allowed):
    """The sockaddr to connect to, built anew from what the caller gave (raw, its first bytes
    up to addrlen), when it names an allowed endpoint; else OSError with the errno to answer."""
    if addrlen < 2 or len(raw) < 2:
        raise OSError(errno.EINVAL, "no address")
    (family,) = struct.unpack_from("<H", raw)
    if family == socket.AF_INET and len(raw) >= 16:
        port = struct.unpack_from(">H", raw, 2)[0]
        ip = ipaddress.IPv4Address(raw[4:8])
        own = struct.pack("<H", family) + struct.pack(">H", port) + ip.packed + bytes(8)
    elif family == socket.AF_INET6 and len(raw) >= 24:  # SIN6_LEN_RFC2133: no scope id
        port = struct.unpack_from(">H", raw, 2)[0]
        ip = ipaddress.IPv6Address(raw[8:24])
        scope = struct.unpack_from("<I", raw, 24)[0] if len(raw) >= 28 else 0
        own = struct.pack("<H", family) + struct.pack(">H", port) + bytes(4) + ip.packed + struct.pack("<I", scope)
    elif family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(errno.EINVAL, "address too short")
    else:
        raise OSError(errno.EACCES, "only TCP to the endpoints in net=")
    if (_plain(ip), port) not in allowed:
        raise OSError(errno.EACCES, "%s port %d is not in net=" % (ip, port))
    return own


def serve(channel, worker, endpoints):
    """The supervisor's life, in the fork made by sandbox.py; never returns. channel: its end
    of a socketpair with the worker, which sends the listener and the number of its own end
    (to try pidfd_getfd on); the answer is b"ok" or what failed."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the daemon's interrupt is the worker's
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)  # the channel's pipes are the worker's: the daemon must hear when it ends
        os.close(null)
        keep = channel.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, 65536)
        allowed = allow_list(endpoints)
        message, fds, _, _ = socket.recv_fds(channel, 64, 1)
        if not fds:
            os._exit(0)  # the worker could not confine itself: nothing to supervise
        listener = fds[0]
        try:
            pidfd = _pidfd_open(worker)
            os.close(_pidfd_getfd(pidfd, int(message)))
            os.close(pidfd)
            os.close(os.open("/proc/%d/mem" % worker, os.O_RDONLY | os.O_CLOEXEC))
        except OSError as e:
            channel.sendall(("the supervisor of net= cannot reach the worker's sockets (%s)" % e).encode())
            os._exit(1)
        channel.sendall(b"ok")
        channel.close()
        _loop(listener, allowed)
    finally:
        os._exit(0)


def _loop(listener, allowed):
    poll = select.poll()
    poll.register(listener, select.POLLIN)
    while True:
        events = dict(poll.poll())
        if events.get(listener, 0) & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
            return  # every process under the filter has ended
        buf = ctypes.create_string_buffer(_NOTIF.size)  # zeroed, as RECV requires
        if _libc.ioctl(listener, ctypes.c_ulong(_NOTIF_RECV), buf) != 0:
            if ctypes.get_errno() in (errno.ENOENT, errno.EINTR):
                continue  # the caller went away before we took it
            return
        fields = _NOTIF.unpack(buf.raw)
        if not _busy.acquire(blocking=False):
            _answer(listener, fields[0], errno.EAGAIN)  # thousands of connects under way: try again later
            continue
        threading.Thread(target=_handle_one, args=(listener, allowed, fields), daemon=True).start()


# How many connects may be under way at once (each on a thread until the kernel answers it:
# up to about two minutes for an endpoint that does not answer).
_busy = threading.BoundedSemaphore(512)


def _handle_one(listener, allowed, fields):
    try:
        _handle(listener, allowed, fields)
    finally:
        _busy.release()


def _handle(listener, allowed, fields):
    nid, pid, args = fields[0], fields[1], fields[6:12]
    fd, address, addrlen = ctypes.c_int(args[0] & 0xFFFFFFFF).value, args[1], args[2] & 0xFFFFFFFF
    opened = []
    try:
        mem = os.open("/proc/%d/mem" % pid, os.O_RDONLY | os.O_CLOEXEC)
        opened.append(mem)
        pidfd = _pidfd_open(_tgid(pid))  # a pidfd names a process; pid may be one of its threads
        opened.append(pidfd)
        if not _valid(listener, nid):
            return  # the caller is gone (or interrupted): the pid may be another's now
        try:
            raw = os.pread(mem, min(addrlen, _MAX_SOCKADDR), address) if addrlen else b""
        except OSError:
            raise OSError(errno.EFAULT, "the address is not in the caller's memory")
        own = destination(raw, addrlen, allowed)
        sock = _pidfd_getfd(pidfd, fd)
        opened.append(sock)
        if (_sockopt(sock, _SO_TYPE) != socket.SOCK_STREAM or _sockopt(sock, _SO_PROTOCOL) != socket.IPPROTO_TCP
                or _sockopt(sock, _SO_DOMAIN) not in (socket.AF_INET, socket.AF_INET6)):
            raise OSError(errno.EACCES, "only TCP stream sockets")
        buf = ctypes.create_string_buffer(own, len(own))
        error = 0 if _libc.connect(sock, buf, ctypes.c_uint32(len(own))) == 0 else ctypes.get_errno()
    except OSError as e:
        error = e.errno or errno.EACCES
    except Exception:  # never leave the caller waiting
        error = errno.EACCES
    finally:
        for f in opened:
            os.close(f)
    _answer(listener, nid, error)


def _answer(listener, nid, error):
    buf = ctypes.create_string_buffer(_RESP.pack(nid, 0, -error, 0), _RESP.size)
    _libc.ioctl(listener, ctypes.c_ulong(_NOTIF_SEND), buf)  # ENOENT: the caller was interrupted meanwhile


def _valid(listener, nid):
    return _libc.ioctl(listener, ctypes.c_ulong(_NOTIF_ID_VALID), ctypes.byref(ctypes.c_uint64(nid))) == 0


def _tgid(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("Tgid:"):
                return int(line.split(":", 1)[1])
    raise OSError(errno.ESRCH, "no such process")


def _pidfd_open(pid):
    fd = _libc.syscall(_SYS_PIDFD_OPEN, ctypes.c_int(pid), ctypes.c_uint(0))
    if fd < 0:
        e = ctypes.get_errno()
        raise OSError(e, "pidfd_open: " + os.strerror(e))
    return fd


def _pidfd_getfd(pidfd, fd):
    got = _libc.syscall(_SYS_PIDFD_GETFD, ctypes.c_int(pidfd), ctypes.c_int(fd), ctypes.c_uint(0))
    if got < 0:
        e = ctypes.get_errno()
        raise OSError(e, "pidfd_getfd: " + os.strerror(e))
    return got


def _sockopt(fd, option):
    value, size = ctypes.c_int(0), ctypes.c_uint32(4)
    if _libc.getsockopt(fd, socket.SOL_SOCKET, option, ctypes.byref(value), ctypes.byref(size)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return value.value
