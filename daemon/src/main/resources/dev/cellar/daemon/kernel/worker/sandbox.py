# Confinement of a worker by the Linux kernel, applied by the worker to itself before any
# cell code runs (and before it starts a thread, since a Landlock domain covers the thread
# that asks and the threads it starts later):
#   Landlock: files are readable everywhere except the deny list (the user's secrets,
#     carved out by granting their siblings), writable only in the notebook's folder and a
#     private temp folder, where no symlink can be made (SQL cells run in the daemon, and
#     DuckDB's folder check reads paths as written); TCP bind/connect refused (ABI 4+); signals to and abstract
#     sockets of processes outside the sandbox refused (ABI 6+). Landlock also keeps the
#     worker from ptrace-reading processes outside its domain (/proc/<pid>/environ, mem).
#   seccomp: no socket() at all (socketpair(AF_UNIX) stays: asyncio needs one), no execve,
#     no ptrace, no io_uring (it would run socket operations seccomp cannot see), no
#     namespaces, mounts, kernel keyrings, modules or file handles.
#   net=IP:PORT,… (the daemon resolved any names): socket() is allowed for TCP over IPv4 and
#     IPv6 only (no UDP, so no DNS; no raw, netlink, packet or AF_UNIX sockets), bind, listen
#     and accept are refused (no server, so no cluster is started from a cell), a send with
#     MSG_FASTOPEN (a connect in disguise) is refused, and every connect() goes to a
#     supervisor by seccomp user notification (net_supervisor.py), which checks the exact
#     address and port and connects the worker's own socket itself. Landlock still refuses
#     TCP connect for the worker (ABI 4+): the supervisor is outside its domain.
#   Metadata: Landlock has no right for chmod, chown, extended attributes (ACLs among them)
#     or file times, and seccomp cannot read a path, so these calls are refused everywhere,
#     the notebook's folder included (EPERM): otherwise a cell could make ~/.ssh/id_rsa
#     readable by all. So are inode flags (chattr's ioctl) and device nodes and FIFOs
#     (mknod makes regular files only: a FIFO in the folder would hang whoever reads it
#     later, the daemon's SQL cells included). A supervisor deciding each call by its path
#     (seccomp user notification) was the alternative: more code, a helper outside the
#     sandbox, and time-of-check races to get right, for modes nobody's data needs.
#     What breaks: os.chmod/chown/utime/setxattr, pathlib's chmod, shutil.copy's and
#     copy2's mode and time copy (adapt_python() below lets those copy the data without
#     them), tarfile's owner/mode/time restore (it goes on without them, as it always has
#     on failure), and Path.touch() on an existing file leaves its time as it was.
#   Privileges: no_new_privs, and every capability dropped (bounding, ambient, effective,
#     permitted, inheritable), also when the daemon runs as root (whose confined worker then
#     writes only what uid 0 owns, without CAP_DAC_OVERRIDE); refused outright too:
#     fanotify, the kernel log (syslog/klogctl), host and domain names, the clocks,
#     accounting, quotas, port I/O, vhangup, odd personalities.
# Nothing here changes what Python may do: every refusal comes from the kernel, for C code
# too. adapt_python() only names the sandbox in Python's errors for the refused calls and
# lets shutil's copies leave metadata behind instead of failing.
# Runs on any CPython 3.9+ with ctypes, on x86_64 (the only syscall table written here).
import ctypes
import errno
import os
import platform
import stat
import struct
import sys


class Unavailable(Exception):
    """The machine cannot confine this process; the message says what is missing."""


_SYS_SECCOMP = 317
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_PR_SET_NO_NEW_PRIVS = 38
_PR_GET_SECCOMP = 21

# Landlock file-system rights (include/uapi/linux/landlock.h)
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_MAKE_SYM, _REFER, _TRUNCATE, _IOCTL_DEV = 1 << 12, 1 << 13, 1 << 14, 1 << 15
_READ = _EXECUTE | _READ_FILE | _READ_DIR
_FILE_ONLY = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV

# x86_64 system calls refused with EPERM
_DENIED = {
    "execve": 59, "execveat": 322, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "bpf": 321,
    "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248, "request_key": 249,
    "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308,
    "open_by_handle_at": 304, "name_to_handle_at": 303, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169, "swapon": 167,
    "swapoff": 168, "pidfd_getfd": 438, "open_tree": 428, "move_mount": 429, "fsopen": 430,
    "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "acct": 163, "quotactl": 179,
    # metadata Landlock cannot confine (see the top of this file)
    "chmod": 90, "fchmod": 91, "fchmodat": 268, "fchmodat2": 452, "chown": 92, "fchown": 93, "lchown": 94,
    "fchownat": 260, "setxattr": 188, "lsetxattr": 189, "fsetxattr": 190, "removexattr": 197,
    "lremovexattr": 198, "fremovexattr": 199, "setxattrat": 463, "removexattrat": 466, "file_setattr": 469,
    "utime": 132, "utimes": 235, "utimensat": 280, "futimesat": 261,
    # the machine's, not a notebook's (most need a capability, dropped anyway; a few do not)
    "fanotify_init": 300, "syslog": 103, "sethostname": 170, "setdomainname": 171, "settimeofday": 164,
    "clock_settime": 227, "adjtimex": 159, "clock_adjtime": 305, "quotactl_fd": 443, "iopl": 172,
    "ioperm": 173, "lookup_dcookie": 212, "nfsservctl": 180, "vhangup": 153, "uselib": 134, "_sysctl": 156,
    "create_module": 174, "get_kernel_syms": 177, "query_module": 178,
}
_SOCKET, _SOCKETPAIR, _CLONE, _CLONE3 = 41, 53, 56, 435
_CONNECT, _SENDTO, _SENDMSG, _SENDMMSG = 42, 44, 46, 307
_NO_SERVER = (43, 49, 50, 288)  # accept, bind, listen, accept4
_AF_INET, _AF_INET6, _SOCK_STREAM, _IPPROTO_TCP, _MSG_FASTOPEN = 2, 10, 1, 6, 0x20000000
_SOCK_TYPE_MASK = 0xFFFFFFFF & ~(0x800 | 0x80000)  # without SOCK_NONBLOCK, SOCK_CLOEXEC
_SYS_PIDFD_GETFD, _PR_SET_PTRACER = 438, 0x59616D61
_SECCOMP_GET_ACTION_AVAIL = 2
# TSYNC with NEW_LISTENER needs TSYNC_ESRCH (Linux 5.7+)
_FILTER_TSYNC, _FILTER_NEW_LISTENER, _FILTER_TSYNC_ESRCH = 1, 8, 16
_IOCTL, _MKNOD, _MKNODAT, _PERSONALITY = 16, 133, 259, 135
# ioctl commands that set inode flags (chattr): FS_IOC_SETFLAGS, FS_IOC32_SETFLAGS, FS_IOC_FSSETXATTR
_SET_INODE_FLAGS = (0x40086602, 0x40046602, 0x401C5820)
_S_IFMT, _S_IFREG = 0o170000, 0o100000
_PR_CAPBSET_READ, _PR_CAPBSET_DROP, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 23, 24, 47, 4
_SYS_CAPSET, _CAP_SETPCAP, _LINUX_CAPABILITY_VERSION_3 = 126, 8, 0x20080522
_AF_UNIX = 1
_CLONE_NEW_NAMESPACES = 0x7E020080  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWTIME
_AUDIT_ARCH_X86_64 = 0xC000003E
_RET_KILL_PROCESS, _RET_ERRNO, _RET_USER_NOTIF, _RET_ALLOW = 0x80000000, 0x00050000, 0x7FC00000, 0x7FFF0000


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    return libc


def _fail(what):
    e = ctypes.get_errno()
    return Unavailable("%s failed: %s" % (what, os.strerror(e)))


def probe(net=True):
    """What this machine offers, without confining anything: {'landlock': ABI or 0, ...};
    with net, also what keeps net= from being enforced ('netProblems')."""
    found = {"arch": platform.machine(), "landlock": 0, "seccomp": False, "problems": []}
    if platform.machine() != "x86_64":
        found["problems"].append("seccomp filters are written for x86_64 only, this is " + platform.machine())
        return found
    try:
        libc = _libc()
    except OSError as e:
        found["problems"].append("ctypes cannot load the C library: %s" % e)
        return found
    abi = libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi > 0:
        found["landlock"] = abi
    else:
        found["problems"].append("Landlock is not available (%s; it needs Linux 5.13+ with landlock among the"
                                 " active LSMs)" % os.strerror(ctypes.get_errno()))
    if libc.prctl(_PR_GET_SECCOMP, 0, 0, 0, 0) < 0:
        found["problems"].append("seccomp is not available (%s)" % os.strerror(ctypes.get_errno()))
    else:
        found["seccomp"] = True
    found["netProblems"] = _net_problems(libc) if net else []
    return found


def _net_problems(libc):
    """What keeps net= from being enforced here (seccomp user notification, pidfd_getfd, a
    supervisor allowed to reach the worker's memory and sockets); empty: nothing."""
    problems = []
    action = ctypes.c_uint32(_RET_USER_NOTIF)
    if libc.syscall(_SYS_SECCOMP, ctypes.c_uint(_SECCOMP_GET_ACTION_AVAIL), ctypes.c_uint(0),
                    ctypes.byref(action)) != 0:
        problems.append("seccomp user notification is not available (%s; it needs Linux 5.7+)"
                        % os.strerror(ctypes.get_errno()))
    if libc.syscall(_SYS_PIDFD_GETFD, ctypes.c_int(-1), ctypes.c_int(0), ctypes.c_uint(0)) < 0 \
            and ctypes.get_errno() == errno.ENOSYS:
        problems.append("pidfd_getfd is not available (it needs Linux 5.6+)")
    if not problems:
        failed = _trial_listener(libc)
        if failed:  # EBUSY: a container runtime's own listener is in force; EINVAL: before Linux 5.7
            problems.append("a seccomp filter with a listener cannot be installed here (%s)" % os.strerror(failed))
    try:
        with open("/proc/sys/kernel/yama/ptrace_scope") as f:
            scope = int(f.read().strip() or "0")
    except (OSError, ValueError):
        scope = 0
    if scope >= 3 or (scope == 2 and not _has_effective(19)):  # CAP_SYS_PTRACE
        problems.append("Yama's ptrace_scope is %d: the supervisor of net= may not read a worker's connect()"
                        " address" % scope)
    return problems


def _trial_listener(libc):
    """Installs a filter that allows everything, with a listener, as the worker's would be,
    in a child that exits at once; its errno, or 0 when it worked."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
                code = 0 if _install([_ret(_RET_ALLOW)], libc, True) >= 0 else ctypes.get_errno() or 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else errno.ECHILD


def apply(write, deny, net=()):
    """Confines this process (and every process it starts) for good; returns the mechanism's
    name. net: the endpoints ([ip, port], …) its TCP connections may reach (none: no socket)."""
    found = probe(bool(net))
    if not found["landlock"] or not found["seccomp"]:
        raise Unavailable("; ".join(found["problems"]))
    if net and found["netProblems"]:
        raise Unavailable("net= cannot be enforced here: " + "; ".join(found["netProblems"]))
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise _fail("prctl(PR_SET_NO_NEW_PRIVS)")
    supervisor = _start_supervisor(libc, net) if net else None  # before Landlock: outside its domain
    _landlock(libc, found["landlock"], write, deny)
    could_drop_bounding = _drop_capabilities(libc)
    listener = _seccomp(libc, bool(net))
    if supervisor is not None:
        _hand_over(supervisor, listener)
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status.read().splitlines() if ":" in line)
    if fields.get("Seccomp", "").strip() != "2":
        raise Unavailable("the seccomp filter is not in force after installing it")
    if fields.get("NoNewPrivs", "").strip() != "1":
        raise Unavailable("no_new_privs is not set after setting it")
    kept = [k for k in ("CapEff", "CapPrm", "CapInh", "CapAmb") + (("CapBnd",) if could_drop_bounding else ())
            if int(fields.get(k, "0").strip() or "0", 16) != 0]
    if kept:
        raise Unavailable("capabilities are left after dropping them all: " + ", ".join(kept))
    adapt_python()
    return "landlock+seccomp"


# ---- net=: the supervisor of connect() (net_supervisor.py)

def _start_supervisor(libc, net):
    """A fork of this process, made before it confines itself, that will supervise its
    connect() calls; the worker's end of a socketpair with it."""
    import socket
    import cellar_net_supervisor
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        cellar_net_supervisor.serve(theirs, os.getppid(), net)  # never returns
    theirs.close()
    libc.prctl(_PR_SET_PTRACER, pid, 0, 0, 0)  # where Yama asks for it (ptrace_scope 1); EINVAL without Yama
    return ours


def _hand_over(channel, listener):
    """Sends the seccomp listener to the supervisor and waits for it to say it can use it."""
    import socket
    try:
        socket.send_fds(channel, [str(channel.fileno()).encode()], [listener])
        os.close(listener)
        channel.settimeout(20)
        answer = channel.recv(512)
    except OSError as e:
        raise Unavailable("the supervisor of net= did not start (%s)" % e)
    finally:
        channel.close()
    if answer != b"ok":
        raise Unavailable(answer.decode("utf-8", "replace") or "the supervisor of net= ended without a word")


# ---- capabilities

def _drop_capabilities(libc):
    """Drops every capability this process has or could get back. The bounding set needs
    CAP_SETPCAP to shrink: a root worker has it; a user's worker has no capability in any
    other set, cannot exec, and no_new_privs keeps it so. Returns whether the bounding set
    could be emptied."""
    could = libc.prctl(_PR_CAPBSET_READ, _CAP_SETPCAP, 0, 0, 0) == 1 and _has_effective(_CAP_SETPCAP)
    if could:
        cap = 0
        while libc.prctl(_PR_CAPBSET_READ, cap, 0, 0, 0) >= 0:  # EINVAL past the kernel's last one
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise _fail("prctl(PR_CAPBSET_DROP, %d)" % cap)
            cap += 1
    if libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 and ctypes.get_errno() != errno.EINVAL:
        raise _fail("prctl(PR_CAP_AMBIENT_CLEAR_ALL)")
    header = ctypes.create_string_buffer(struct.pack("<Ii", _LINUX_CAPABILITY_VERSION_3, 0), 8)
    data = ctypes.create_string_buffer(bytes(24), 24)  # two {effective, permitted, inheritable}, all zero
    if libc.syscall(_SYS_CAPSET, header, data) != 0:
        raise _fail("capset")
    return could


def _has_effective(cap):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("CapEff:"):
                return bool(int(line.split(":", 1)[1].strip(), 16) >> cap & 1)
    return False


# ---- Python's side of the refusals

# The os functions whose EPERM in a sandboxed worker is the sandbox's doing: their error says so.
_REFUSED_IN_PYTHON = ("chmod", "fchmod", "lchmod", "chown", "fchown", "lchown", "setxattr", "removexattr",
                      "utime", "mknod", "mkfifo")


def adapt_python():
    """After confinement: Python's errors for the calls refused above name the sandbox
    ("PermissionError: [Errno 1] Operation not permitted (refused by Cellar's sandbox:
    chmod)"), and shutil's mode and time copies (copy, copy2, copytree, move across file
    systems) give up quietly when refused, so the data is copied. C code calling the same
    functions gets the bare EPERM."""
    for name in _REFUSED_IN_PYTHON:
        original = getattr(os, name, None)
        if original is not None:
            wrapper = _naming_refusal(name, original)
            setattr(os, name, wrapper)
            for kind in (os.supports_fd, os.supports_dir_fd, os.supports_follow_symlinks, os.supports_effective_ids):
                if original in kind:  # shutil and pathlib ask these sets which forms a function has
                    kind.add(wrapper)
    if "shutil" in sys.modules:
        _soften_shutil(sys.modules["shutil"])
    else:  # shutil costs 5 ms (lzma): adapted when first imported, not before
        sys.meta_path.insert(0, _ShutilFinder())


def _naming_refusal(name, original):
    def refused(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        except PermissionError as e:
            if e.errno != errno.EPERM:
                raise
            raise OSError(e.errno, "%s (refused by Cellar's sandbox: %s)" % (os.strerror(e.errno), name),
                          e.filename, None, e.filename2) from None
    refused.__name__ = refused.__qualname__ = original.__name__
    refused.__doc__ = original.__doc__
    refused.__wrapped__ = original
    return refused


def _soften_shutil(shutil):
    def soft(original):
        def copy_metadata(src, dst, *, follow_symlinks=True):
            try:
                original(src, dst, follow_symlinks=follow_symlinks)
            except PermissionError as e:
                if e.errno != errno.EPERM:
                    raise
        copy_metadata.__name__ = copy_metadata.__qualname__ = original.__name__
        copy_metadata.__doc__ = original.__doc__
        copy_metadata.__wrapped__ = original
        return copy_metadata
    if not getattr(shutil.copymode, "__wrapped__", None):
        shutil.copymode = soft(shutil.copymode)
        shutil.copystat = soft(shutil.copystat)


class _ShutilFinder:
    """Adapts shutil once it is loaded (found as any import would find it, then run as usual)."""

    def find_spec(self, name, path=None, target=None):
        if name != "shutil":
            return None
        sys.meta_path.remove(self)
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _soften_shutil(module)
        spec.loader.exec_module = exec_module
        return spec


# ---- Landlock

def _landlock(libc, abi, write, deny):
    fs = (1 << 13) - 1
    if abi >= 2:
        fs |= _REFER
    if abi >= 3:
        fs |= _TRUNCATE
    if abi >= 5:
        fs |= _IOCTL_DEV
    net = 0b11 if abi >= 4 else 0  # BIND_TCP | CONNECT_TCP, with no rule allowing either
    scoped = 0b11 if abi >= 6 else 0  # ABSTRACT_UNIX_SOCKET | SIGNAL
    attr = struct.pack("<QQQ", fs, net, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    buf = ctypes.create_string_buffer(attr, len(attr))
    ruleset = libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise _fail("landlock_create_ruleset")
    try:
        denied = _real_paths(deny) + _other_processes()
        _grant(libc, ruleset, "/", _READ, denied)
        for path in write:
            _grant(libc, ruleset, os.path.realpath(path), fs & ~_MAKE_SYM, denied)
        _add_rule(libc, ruleset, "/dev/null", _READ_FILE | _WRITE_FILE)
        if libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise _fail("landlock_restrict_self")
    finally:
        os.close(ruleset)


def _real_paths(paths):
    out = set()
    for p in paths:
        out.add(os.path.normpath(p))
        out.add(os.path.realpath(p))  # a secret folder that is a symlink: its target is the secret
    return sorted(out)


def _other_processes():
    """/proc/<pid> of every process but this one. Landlock's ptrace rule does not cover every
    way in: /proc/<daemon>/environ (the API key) was readable under Landlock alone. Processes
    that start later have no rule at all, so they are out of reach too."""
    own = str(os.getpid())
    return ["/proc/" + name for name in os.listdir("/proc") if name.isdigit() and name != own]


def _within(path, folder):
    return path == folder or folder == "/" or path.startswith(folder + "/")


def _grant(libc, ruleset, path, access, denied):
    """Grants access beneath path, except beneath the denied paths: a Landlock rule covers a
    whole hierarchy, so a folder that holds a secret gets rules for its other entries instead."""
    if any(_within(path, d) for d in denied):
        return
    if not any(_within(d, path) for d in denied):
        _add_rule(libc, ruleset, path, access)
        return
    try:
        names = os.listdir(path)
    except OSError:
        return
    for name in names:
        child = os.path.join(path, name)
        try:
            mode = os.lstat(child).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue  # reached through its target's own rule, never granted as itself
        if stat.S_ISDIR(mode):
            _grant(libc, ruleset, child, access, denied)
        elif not any(_within(child, d) for d in denied):
            _add_rule(libc, ruleset, child, access & _FILE_ONLY)


def _add_rule(libc, ruleset, path, access):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return  # gone meanwhile, or not ours to reach: no rule, no access
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            access &= _FILE_ONLY
        rule = ctypes.create_string_buffer(struct.pack("<Qi", access, fd), 12)
        if libc.syscall(_SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), rule, ctypes.c_uint32(0)) != 0:
            err = ctypes.get_errno()
            if err not in (errno.EINVAL, errno.ENOMSG):
                raise Unavailable("landlock_add_rule(%s) failed: %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


# ---- seccomp

def _ld(offset):
    return struct.pack("<HBBI", 0x20, 0, 0, offset)  # BPF_LD|BPF_W|BPF_ABS


def _jeq(k, jt, jf):
    return struct.pack("<HBBI", 0x15, jt, jf, k)


def _jge(k, jt, jf):
    return struct.pack("<HBBI", 0x35, jt, jf, k)


def _jset(k, jt, jf):
    return struct.pack("<HBBI", 0x45, jt, jf, k)


def _ret(k):
    return struct.pack("<HBBI", 0x06, 0, 0, k)


def _and(k):
    return struct.pack("<HBBI", 0x54, 0, 0, k)  # BPF_ALU|BPF_AND|BPF_K


def _filter(net=False):
    nr, arch, arg0, arg1, arg2, arg3 = 0, 4, 16, 24, 32, 40  # the low 32 bits of each argument (little-endian)
    eperm, eacces = _RET_ERRNO | errno.EPERM, _RET_ERRNO | errno.EACCES
    prog = [_ld(arch), _jeq(_AUDIT_ARCH_X86_64, 1, 0), _ret(_RET_KILL_PROCESS),
            _ld(nr), _jge(0x40000000, 0, 1), _ret(eperm)]  # the x32 ABI's numbers
    for number in sorted(_DENIED.values()):
        prog += [_jeq(number, 0, 1), _ret(eperm)]
    if net:
        prog += _net_rules(arg0, arg1, arg2, arg3)
    prog += [_jeq(_SOCKET, 0, 1), _ret(eacces)]
    # the two checks of an argument end in a verdict either way: the accumulator no longer holds nr
    prog += [_jeq(_SOCKETPAIR, 0, 4), _ld(arg0), _jeq(_AF_UNIX, 0, 1), _ret(_RET_ALLOW), _ret(eacces)]
    prog += [_jeq(_CLONE, 0, 4), _ld(arg0), _jset(_CLONE_NEW_NAMESPACES, 0, 1), _ret(eperm), _ret(_RET_ALLOW)]
    prog += [_jeq(_CLONE3, 0, 1), _ret(_RET_ERRNO | errno.ENOSYS)]  # flags out of reach: libc falls back to clone
    for call, mode in ((_MKNOD, arg1), (_MKNODAT, arg2)):  # regular files only: no device, FIFO or socket
        prog += [_jeq(call, 0, 6), _ld(mode), _and(_S_IFMT), _jeq(0, 2, 0), _jeq(_S_IFREG, 1, 0), _ret(eperm),
                 _ret(_RET_ALLOW)]
    a, b, c = _SET_INODE_FLAGS
    prog += [_jeq(_IOCTL, 0, 6), _ld(arg1), _jeq(a, 3, 0), _jeq(b, 2, 0), _jeq(c, 1, 0), _ret(_RET_ALLOW), _ret(eperm)]
    # personality: asking (0xffffffff) and plain Linux only; no ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, …
    prog += [_jeq(_PERSONALITY, 0, 5), _ld(arg0), _jeq(0xFFFFFFFF, 2, 0), _jeq(0, 1, 0), _ret(eperm),
             _ret(_RET_ALLOW)]
    prog += [_ret(_RET_ALLOW)]
    return prog


def _net_rules(arg0, arg1, arg2, arg3):
    """socket() for TCP only, no server calls, no implicit connect, connect() to the supervisor."""
    eacces = _RET_ERRNO | errno.EACCES
    prog = [_jeq(_SOCKET, 0, 11),
            _ld(arg0), _jeq(_AF_INET, 1, 0), _jeq(_AF_INET6, 0, 6),
            _ld(arg1), _and(_SOCK_TYPE_MASK), _jeq(_SOCK_STREAM, 0, 3),
            _ld(arg2), _jeq(0, 2, 0), _jeq(_IPPROTO_TCP, 1, 0),
            _ret(eacces), _ret(_RET_ALLOW)]
    for number in _NO_SERVER:
        prog += [_jeq(number, 0, 1), _ret(eacces)]
    for call, flags in ((_SENDTO, arg3), (_SENDMSG, arg2), (_SENDMMSG, arg3)):
        prog += [_jeq(call, 0, 4), _ld(flags), _jset(_MSG_FASTOPEN, 0, 1), _ret(eacces), _ret(_RET_ALLOW)]
    prog += [_jeq(_CONNECT, 0, 1), _ret(_RET_USER_NOTIF)]
    return prog


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _seccomp(libc, net=False):
    """Installs the filter; with net, returns the listener of its connect() notifications."""
    got = _install(_filter(net), libc, net)
    if got < 0 or (got != 0 and not net):
        raise _fail("seccomp(SECCOMP_SET_MODE_FILTER)")
    return got if net else None


def _install(prog, libc, listener):
    code = ctypes.create_string_buffer(b"".join(prog), 8 * len(prog))
    fprog = _SockFprog(len(prog), ctypes.cast(code, ctypes.c_void_p))
    # SECCOMP_SET_MODE_FILTER with SECCOMP_FILTER_FLAG_TSYNC: every thread, not just this one
    flags = _FILTER_TSYNC | (_FILTER_NEW_LISTENER | _FILTER_TSYNC_ESRCH if listener else 0)
    return libc.syscall(_SYS_SECCOMP, ctypes.c_uint(1), ctypes.c_uint(flags), ctypes.byref(fprog))
