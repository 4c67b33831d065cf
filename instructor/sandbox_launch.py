"""Start a graded Jupyter kernel inside the sandbox (the command that instructor.sandbox's kernel
manager puts in front of the kernel's own command). Standard library only, run as a script:

    python -I -S sandbox_launch.py SETTINGS_JSON -- KERNEL COMMAND ...

SETTINGS_JSON (written by :class:`instructor.sandbox.SandboxKernelManager`) holds the mode
(``bwrap`` or ``rlimits``), the limits, the folders to show the kernel and its environment.

``bwrap``: the kernel runs under bubblewrap in new mount, PID, network, IPC and UTS namespaces.
It sees the system's programs and libraries (``/usr``, ``/etc``), Python and the course's helper
package (read-only), a private ``/tmp``, its own submission copy (read-write; but the notebooks in
it, which nbgrader filled with the hidden tests, cannot be read) and the folder of its connection
file and sockets; nothing else (no gradebook, ``source/``, ``release/``, other students). It has
no network: only its own loopback, and it talks to nbgrader over Unix sockets.
It dies with the process that started it. Started by root, bubblewrap runs without a user
namespace and the kernel drops to a user id of its own (``uid_base`` + this process's id), so that
the process limit counts its processes alone (Linux never applies it to root); started by anyone
else, bubblewrap maps that user in a user namespace.

``rlimits``: no namespaces (bubblewrap is missing or refused); only the resource limits and, as
root, the separate user id. The kernel manager warns about it.

Both modes set the limits: memory (``RLIMIT_DATA``: the heap and private mappings, which is what
NumPy, PyTorch and Python allocate, but not the shared libraries' address space), CPU time
(``RLIMIT_CPU``: the kernel is killed when it is spent), processes and threads (``RLIMIT_NPROC``),
and the size of a file written (``RLIMIT_FSIZE``).
"""

import ctypes
import json
import os
import resource
import sys

# What the kernel runs before anything else when root started the sandbox: drop to its own user.
DROP_PRIVILEGES = ("import os, sys; uid = int(sys.argv[1]); os.setgroups([]); os.setgid(uid); os.setuid(uid); "
                   "os.execv(sys.argv[2], sys.argv[2:])")
# The merged-/usr links (or folders) of a Debian system, shown to the kernel as they are.
SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


def own_tasks(uid):
    """The processes and threads that run as ``uid`` now (what RLIMIT_NPROC counts)."""
    count = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                count += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return count


def set_limits(limits, uid):
    """Set the resource limits, inherited by the kernel and everything it starts."""
    processes = limits["processes"] if uid is not None else own_tasks(os.getuid()) + limits["processes"]
    for name, value in [("RLIMIT_DATA", limits["memory"]), ("RLIMIT_CPU", limits["cpu_time"]),
                        ("RLIMIT_NPROC", processes), ("RLIMIT_FSIZE", limits["file_size"]), ("RLIMIT_CORE", 0)]:
        if value is None:
            continue
        kind = getattr(resource, name)
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))


def give(paths, uid):
    """Hand the kernel's folders (and what is in them) to the kernel's user."""
    for top in paths:
        os.lchown(top, uid, uid)
        for folder, dirs, files in os.walk(top):
            for name in dirs + files:
                os.lchown(os.path.join(folder, name), uid, uid)


def open_to_all(*paths):
    """Whether any user may run or read ``paths`` (their real files, and every folder above)."""
    for path in paths:
        real = os.path.realpath(path)
        for folder in parents(real):
            if not os.stat(folder).st_mode & 0o001:
                return False
        if not os.stat(real).st_mode & 0o005:
            return False
    return True


def die_with_parent():
    """SIGKILL when the process that started the kernel dies (the bwrap mode has --die-with-parent)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def parents(path):
    """The folders above ``path``, nearest first."""
    above = []
    while os.path.dirname(path) != path:
        path = os.path.dirname(path)
        above.append(path)
    return above


def bwrap_command(settings, uid, command):
    args = [settings["bwrap"], "--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try"]
    if uid is None:
        args.append("--unshare-user")
    else:
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(settings["tmp_size"]),
             "--tmpfs", "/tmp"]
    for device in settings["devices"]:
        if os.path.exists(device):
            args += ["--dev-bind", device, device]
    read_only = [path for path in ("/usr", "/etc", *settings["read_only"]) if os.path.exists(path)]
    made = {"/", "/tmp", "/proc", "/dev"}
    for path in read_only + settings["read_write"]:  # bubblewrap would make their parents 0700
        for parent in reversed(parents(path)):
            if parent not in made:
                made.add(parent)
                args += ["--perms", "0755", "--dir", parent]
    for path in read_only:
        args += ["--ro-bind", path, path]
    for link in SYSTEM_LINKS:
        if os.path.islink(link):
            args += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            args += ["--ro-bind", link, link]
    if os.path.isdir("/sys"):
        args += ["--ro-bind", "/sys", "/sys"]
    for path in settings["read_write"]:
        args += ["--bind", path, path]
    for folder, _, files in os.walk(settings["workdir"]):  # the notebook being graded holds the hidden tests
        args += [arg for name in files if name.endswith(".ipynb")
                 for arg in ("--ro-bind", "/dev/null", os.path.join(folder, name))]
    # Shared memory of its own; then nothing else writable (bubblewrap's folders live in memory).
    args += ["--perms", "1777", "--size", str(settings["tmp_size"]), "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
             "--remount-ro", "/"]
    args += ["--chdir", settings["workdir"], "--"]
    if uid is not None:
        args += [command[0], "-I", "-S", "-c", DROP_PRIVILEGES, str(uid)]
    return args + command


def main(argv):
    settings, command = json.loads(argv[1]), argv[3:]
    assert argv[2] == "--", "usage: sandbox_launch.py SETTINGS_JSON -- COMMAND ..."
    uid = settings["uid_base"] + os.getpid() if os.geteuid() == 0 else None
    env = dict(settings["env"])
    for name in settings["pass_env"]:
        if name in os.environ:
            env.setdefault(name, os.environ[name])
    if settings["mode"] == "bwrap":
        env["JPY_PARENT_PID"] = "1"  # the kernel's parent in its PID namespace: ipykernel then polls nothing
    elif uid is not None and not open_to_all(command[0], *settings["read_only"]):
        print(f"sandbox: {command[0]} is not readable by other users: the kernel runs as root, so the process "
              "limit does not apply", file=sys.stderr)
        uid = None
    if uid is not None:
        give(settings["read_write"], uid)
    set_limits(settings["limits"], uid)
    if settings["mode"] == "bwrap":
        os.execve(settings["bwrap"], bwrap_command(settings, uid, command), env)
    # No namespaces: the limits, and a user of its own when root started it (if it can run Python).
    env["JPY_PARENT_PID"] = os.environ.get("JPY_PARENT_PID", "1")
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    die_with_parent()
    os.chdir(settings["workdir"])
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
