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
# Nothing here patches Python: every refusal comes from the kernel, for C code too.
# Runs on any CPython 3.9+ with ctypes, on x86_64 (the only syscall table written here).
import ctypes
import errno
import os
import platform
import stat
import struct


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
}
_SOCKET, _SOCKETPAIR, _CLONE, _CLONE3 = 41, 53, 56, 435
_AF_UNIX = 1
_CLONE_NEW_NAMESPACES = 0x7E020080  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWTIME
_AUDIT_ARCH_X86_64 = 0xC000003E
_RET_KILL_PROCESS, _RET_ERRNO, _RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    return libc


def _fail(what):
    e = ctypes.get_errno()
    return Unavailable("%s failed: %s" % (what, os.strerror(e)))


def probe():
    """What this machine offers, without confining anything: {'landlock': ABI or 0, ...}."""
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
    return found


def apply(write, deny):
    """Confines this process (and every process it starts) for good; returns the mechanism's name."""
    found = probe()
    if not found["landlock"] or not found["seccomp"]:
        raise Unavailable("; ".join(found["problems"]))
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise _fail("prctl(PR_SET_NO_NEW_PRIVS)")
    _landlock(libc, found["landlock"], write, deny)
    _seccomp(libc)
    with open("/proc/self/status") as status:
        if "Seccomp:\t2" not in status.read():
            raise Unavailable("the seccomp filter is not in force after installing it")
    return "landlock+seccomp"


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


def _filter():
    nr, arch, arg0 = 0, 4, 16
    eperm, eacces = _RET_ERRNO | errno.EPERM, _RET_ERRNO | errno.EACCES
    prog = [_ld(arch), _jeq(_AUDIT_ARCH_X86_64, 1, 0), _ret(_RET_KILL_PROCESS),
            _ld(nr), _jge(0x40000000, 0, 1), _ret(eperm)]  # the x32 ABI's numbers
    for number in sorted(_DENIED.values()):
        prog += [_jeq(number, 0, 1), _ret(eperm)]
    prog += [_jeq(_SOCKET, 0, 1), _ret(eacces)]
    # the two checks of an argument end in a verdict either way: the accumulator no longer holds nr
    prog += [_jeq(_SOCKETPAIR, 0, 4), _ld(arg0), _jeq(_AF_UNIX, 0, 1), _ret(_RET_ALLOW), _ret(eacces)]
    prog += [_jeq(_CLONE, 0, 4), _ld(arg0), _jset(_CLONE_NEW_NAMESPACES, 0, 1), _ret(eperm), _ret(_RET_ALLOW)]
    prog += [_jeq(_CLONE3, 0, 1), _ret(_RET_ERRNO | errno.ENOSYS)]  # flags out of reach: libc falls back to clone
    prog += [_ret(_RET_ALLOW)]
    return prog


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _seccomp(libc):
    prog = _filter()
    code = ctypes.create_string_buffer(b"".join(prog), 8 * len(prog))
    fprog = _SockFprog(len(prog), ctypes.cast(code, ctypes.c_void_p))
    # SECCOMP_SET_MODE_FILTER with SECCOMP_FILTER_FLAG_TSYNC: every thread, not just this one
    if libc.syscall(_SYS_SECCOMP, ctypes.c_uint(1), ctypes.c_uint(1), ctypes.byref(fprog)) != 0:
        raise _fail("seccomp(SECCOMP_SET_MODE_FILTER)")
