# The keeper of a worker's processes: every process a cell starts ends with its worker
# (a restart, a close, the daemon stopping or dying, the worker crashing), also one that
# calls setsid or forks twice to leave its parent.
#
# How: the process the daemon starts forks once, before any thread or cell. The child goes
# on as the worker; the parent stays behind as its keeper and runs nothing else. The keeper
# is a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so any process below it whose parent
# dies is handed to it rather than to init: while it lives, every process a cell started,
# setsid and double forks included, is one of its descendants. When the worker ends, for
# whatever reason (asked to exit, killed, os._exit in a cell, a segfault), or the keeper is
# told to stop (SIGTERM, SIGHUP) or sees the daemon gone, it kills its children round after
# round (orphans of the killed arrive as new children) until it has none, then exits with
# the worker's status. "No children" is then exact: a living descendant would be a child
# or below one. The daemon's kill (WorkerProcess.kill) kills the keeper's descendants before
# the keeper itself, for the same reason.
# Where the machine lets this user make a cgroup (v2) below its own (root, or a delegated
# systemd user session), the worker also goes into a cgroup of its own, which its processes
# cannot leave without that right: the keeper kills it whole (cgroup.kill) before its rounds,
# and the daemon does the same should the keeper itself have been killed (the hello names
# the cgroup). Most users' sessions and containers give no such cgroup, so the subreaper
# alone must be, and is, enough for everything but the keeper's own death: cell code that
# SIGKILLs it (sandbox=off: the cell has the user's rights; a confined cell cannot signal
# it, Landlock ABI 6+), or the OOM killer (it is small; the worker is the one it picks).
# SIGINT to the keeper (the daemon's interrupt) is passed on to the worker.
import os
import signal

_PR_SET_CHILD_SUBREAPER = 36
_SIGNALS = {signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_cgroup = None  # the worker's own cgroup (a folder under the cgroup2 mount), if it has one
_moved = None  # in the worker: the pipe on which its keeper says whether it moved it there


def cgroup():
    """The worker's own cgroup, for the daemon; None when the machine gives none. Waits until
    the keeper has moved the worker into it: call before any cell runs (the hello does)."""
    global _cgroup, _moved
    if _moved is not None:
        ok = os.read(_moved, 1) == b"1"
        os.close(_moved)
        _moved = None
        _cgroup = _cgroup if ok else None
    return _cgroup


def split():
    """Returns in the worker; the keeper never returns. Call before any thread starts."""
    try:
        os.setpgid(0, 0)  # a process group of our own: a terminal's Ctrl-C for the daemon is not ours
    except OSError:
        pass
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        return  # no keeper possible (Linux before 3.4): the daemon still kills the process tree it sees
    global _cgroup, _moved
    daemon = os.getppid()
    made = _make_cgroup()
    if made is not None:
        said, say = os.pipe()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # blocked across the fork: none is lost
    try:
        worker = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        if made is not None:
            _remove(made)
        raise
    if worker == 0:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        if made is not None:
            os.close(say)
            _cgroup, _moved = made, said
        return
    try:
        if made is not None:
            # the worker alone, not its keeper; moved from here while it starts up, since a
            # move can take the kernel 15 ms (it waits for RCU)
            os.close(said)
            moved = _write(made + "/cgroup.procs", str(worker))
            try:
                os.write(say, b"1" if moved else b"0")
            except OSError:
                pass  # the worker is gone already
            os.close(say)
    finally:
        _keep(worker, daemon, made)  # never returns: a keeper must not go on as a second worker


def _make_cgroup():
    """A new cgroup below this process's own, where this user may make one; else None."""
    try:
        with open("/proc/self/cgroup") as f:
            own = [line[3:] for line in f.read().splitlines() if line.startswith("0::")]
        with open("/proc/self/mountinfo") as f:
            mounts = [line.split() for line in f]
    except OSError:
        return None
    mount = next((m for m in mounts if "-" in m and m[m.index("-") + 1] == "cgroup2"), None)
    if not own or mount is None or not own[0].startswith("/"):
        return None
    root, where = mount[3], own[0]  # the mount may show a subtree only: the path is then below its root
    if root != "/":
        if where != root and not where.startswith(root + "/"):
            return None
        where = where[len(root):]
    path = os.path.join(mount[4], where.lstrip("/"), "cellar-worker-%d" % os.getpid())
    try:
        os.mkdir(path)
    except OSError:
        return None
    if not os.path.exists(path + "/cgroup.kill"):  # Linux before 5.14: the subreaper alone
        _remove(path)
        return None
    return path


def _write(path, text):
    try:
        with open(path, "w") as f:
            f.write(text)
        return True
    except OSError:
        return False


def _remove(path):
    for _ in range(50):  # empty only once the last killed process is fully gone
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError:
            signal.sigtimedwait({signal.SIGCHLD}, 0.01)


def _keep(worker, daemon, cgroup):
    status = None
    try:
        status = _watch(worker, daemon)
    finally:  # whatever went wrong above: end everything, never return
        try:
            if cgroup is not None:
                _write(cgroup + "/cgroup.kill", "1")
            _send(worker, signal.SIGKILL)
            last = _end_all(worker)
            status = status if status is not None else last
            if cgroup is not None:
                _remove(cgroup)
        finally:
            if status is None:
                os._exit(70)
            os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


def _watch(worker, daemon):
    """Until the worker ends (its status) or the keeper must stop (None)."""
    # the channel (fds 0 and 1) is the worker's: without our copies the daemon hears at once when it dies
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.closerange(3, 65536)
    status = None
    while status is None:
        info = signal.sigtimedwait(_SIGNALS, 0.5)
        if info is not None and info.si_signo == signal.SIGINT:
            _send(worker, signal.SIGINT)
        elif info is not None and info.si_signo in (signal.SIGTERM, signal.SIGHUP):
            break
        status = _reap(worker)
        if os.getppid() != daemon:
            break  # the daemon died without closing us (kill -9)
    return status


def _send(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _reap(worker):
    """Waits for every child that has ended; the worker's status once it has ended, else None."""
    found = None
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return found
        if pid == 0:
            return found
        if pid == worker:
            found = status


def _end_all(worker):
    """Kills every child, and the orphans that come to us as they die, until there is none."""
    status = None
    while True:
        for pid in _children():
            _send(pid, signal.SIGKILL)
        while True:
            try:
                pid, code = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return status
            if pid == 0:
                break
            if pid == worker:
                status = code
        signal.sigtimedwait({signal.SIGCHLD}, 0.1)


def _children():
    own = os.getpid()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # the name before it may hold spaces and ')'
        if len(fields) > 1 and int(fields[1]) == own:
            found.append(int(name))
    return found
