"""Student code in a sandbox: the kernels that nbgrader starts to grade a notebook.

nbgrader runs each submission in a Jupyter kernel with the instructor's rights: the student's
code could read the hidden tests in ``source/``, rewrite the gradebook, open connections, fill the
memory or fork without end. ``nbgrader_config.py`` replaces nbgrader's ``Execute`` preprocessor
with :class:`SandboxedExecute` (:func:`configure`), whose kernels start through
``instructor/sandbox_launch.py`` (bubblewrap, resource limits; see that file), with the settings of
:class:`Sandbox` (``c.Sandbox.*`` in ``nbgrader_config.py``). Everything else is nbgrader's own,
so ``nbgrader autograde`` and ``python -m instructor.grade`` grade alike.

What changes for the kernel:

- it talks to nbgrader over Unix sockets in a private folder (zmq's ``ipc`` transport), since it
  has no network;
- it is interrupted by a message on its control channel (the kernel spec's ``interrupt_mode``),
  not by a signal to its process group, which would reach bubblewrap;
- its environment is a clean one (``PATH``, ``HOME=/tmp``, the course helpers on ``PYTHONPATH``,
  nbgrader's ``NBGRADER_EXECUTION`` and ``c.Sandbox.env``), not the grader's;
- when it dies (a limit reached: CPU time, or a crash), the cell it ran gets an error, a new
  kernel runs the rest of the notebook, and nbgrader grades the submission as usual; after
  ``c.Sandbox.kernel_restarts`` deaths, the remaining cells get an error without running;
- after it stops, its submission copy goes back to the grader's user and every link or special
  file that the student's code left in it is removed, before nbgrader writes there.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute
from traitlets import Bool, CaselessStrEnum, Dict, Integer, List, Unicode
from traitlets.config import LoggingConfigurable

LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox_launch.py")
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)
_PROBED = {}  # bubblewrap path → (works, why not)


def size(text):
    """Bytes in a size written like ``4G``, ``512M`` or ``1073741824``."""
    match = SIZE.match(str(text))
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 4G or 512M)")
    return int(float(match[1]) * 1024 ** " KMGT".index((match[2] or " ").upper()))


class Sandbox(LoggingConfigurable):
    """Where and how graded kernels run (``c.Sandbox.*`` in ``nbgrader_config.py``)."""

    enabled = Bool(True, help="Run graded kernels in the sandbox at all.").tag(config=True)
    required = Bool(False, help="Refuse to grade when bubblewrap is missing or refused, instead of "
                                "grading with the resource limits alone and a warning.").tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap program (Debian package bubblewrap).").tag(config=True)
    memory = Unicode("4G", help="Memory a kernel may allocate (RLIMIT_DATA), e.g. 4G.").tag(config=True)
    cpu_time = Integer(600, help="CPU seconds a kernel may use in all (RLIMIT_CPU); then it is killed."
                       ).tag(config=True)
    processes = Integer(128, help="Processes and threads a kernel may have at once (RLIMIT_NPROC)."
                        ).tag(config=True)
    file_size = Unicode("1G", help="Largest file a kernel may write (RLIMIT_FSIZE).").tag(config=True)
    tmp_size = Unicode("256M", help="Size of the kernel's private /tmp.").tag(config=True)
    read_only = List(Unicode(), help="More folders the kernel may read (Python, its packages and the "
                                     "course helpers are always there).").tag(config=True)
    devices = List(Unicode(), help="Devices the kernel may use, e.g. a GPU's /dev/nvidia0, /dev/nvidiactl, "
                                   "/dev/nvidia-uvm (the sandbox has none: kernels run on the CPU).").tag(config=True)
    env = Dict({"OMP_NUM_THREADS": "1"}, help="Environment variables of graded kernels.").tag(config=True)
    pass_env = List(["NBGRADER_EXECUTION", "COURSE_SEED", "COURSE_DEVICE", "CUDA_VISIBLE_DEVICES", "LANG", "LC_ALL",
                     "TZ"],
                    help="Variables passed on from the grader's environment.").tag(config=True)
    uid_base = Integer(2_000_000_000, help="When root grades, each kernel runs as its own user: this "
                                           "number plus the launcher's process id.").tag(config=True)
    kernel_restarts = Integer(3, help="How many times a kernel that died is replaced, per notebook."
                              ).tag(config=True)

    def limits(self):
        return {"memory": size(self.memory), "cpu_time": self.cpu_time, "processes": self.processes,
                "file_size": size(self.file_size)}

    def bwrap_path(self):
        return shutil.which(self.bwrap)

    def mode(self):
        """``bwrap`` (namespaces and limits), ``rlimits`` (limits alone) or ``off``."""
        if not self.enabled:
            return "off"
        path = self.bwrap_path()
        if path not in _PROBED:
            _PROBED[path] = probe(self, path)
        works, why = _PROBED[path]
        if works:
            return "bwrap"
        if self.required:
            raise RuntimeError(f"c.Sandbox.required is set and bubblewrap cannot run kernels here: {why}")
        return "rlimits"

    def describe(self):
        """One line on how graded kernels run here, for the instructor."""
        mode = self.mode()
        limits = f"memory {self.memory}, CPU {self.cpu_time} s, {self.processes} processes"
        if mode == "bwrap":
            return f"sandbox: bubblewrap, no network, own submission folder only; {limits}"
        if mode == "off":
            return "WARNING: sandbox off (c.Sandbox.enabled = False): student code runs with your rights"
        return (f"WARNING: no sandbox ({_PROBED[self.bwrap_path()][1]}); student code could read source/ and "
                f"the gradebook: install bubblewrap (apt-get install bubblewrap). Limits still apply: {limits}")

    def settings(self, mode, workdir, sandbox_dir):
        """What sandbox_launch.py needs to start one kernel."""
        read_only, env = python_folders(), {
            "PATH": os.pathsep.join([os.path.join(os.path.realpath(sys.prefix), "bin"), "/usr/local/bin",
                                     "/usr/bin", "/bin"]),
            "HOME": "/tmp", "USER": "student", "LOGNAME": "student", "XDG_CACHE_HOME": "/tmp/.cache",
            "MPLCONFIGDIR": "/tmp/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1"}
        helpers = course_package()
        if helpers:
            read_only.append(helpers)
            env["PYTHONPATH"] = os.path.dirname(helpers)
        read_only += [os.path.realpath(path) for path in self.read_only]
        env.update(self.env)
        return {"mode": mode, "bwrap": self.bwrap_path(), "limits": self.limits(), "uid_base": self.uid_base,
                "tmp_size": size(self.tmp_size), "workdir": workdir, "read_write": [workdir, sandbox_dir],
                "read_only": list(dict.fromkeys(read_only)), "env": env, "pass_env": list(self.pass_env),
                "devices": list(self.devices)}


def python_folders():
    """Python itself and the virtual environment's packages, as real paths (outside /usr)."""
    folders = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    return sorted(f for f in folders if not f.startswith(("/usr/", "/etc/")) and f not in ("/", "/usr"))


def course_package():
    """The folder of the ``course`` helper package that notebooks import, or None."""
    spec = importlib.util.find_spec("course")
    return os.path.dirname(os.path.realpath(spec.origin)) if spec and spec.origin else None


def kernel_python():
    """The kernel's Python as the sandbox sees it (the virtual environment's, by its real path)."""
    if sys.prefix != sys.base_prefix:
        return os.path.join(os.path.realpath(sys.prefix), "bin", os.path.basename(sys.executable))
    return sys.executable


def launch_command(settings, command):
    return [sys.executable, "-I", "-S", LAUNCHER, json.dumps(settings), "--", *command]


def probe(sandbox, path):
    """Whether bubblewrap can start a program here as it starts kernels: (works, why not)."""
    if not path:
        return False, f"{sandbox.bwrap!r} is not installed"
    with tempfile.TemporaryDirectory(prefix="sandbox-probe-") as folder:
        settings = sandbox.settings("bwrap", folder, folder)
        command = launch_command(settings, [kernel_python(), "-I", "-c", "import os; open('ok', 'w')"])
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode == 0 and os.path.exists(os.path.join(folder, "ok")):
            return True, ""
        return False, f"bubblewrap failed: {(result.stderr.strip() or 'no error message')[-300:]}"


def reclaim(folder):
    """Give ``folder`` back to this process's user, and remove every symbolic link, FIFO, socket
    or device in it: nbgrader writes there next, and would follow a link made by the student."""
    uid, gid, root = os.getuid(), os.getgid(), os.geteuid() == 0
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            if os.path.islink(path) or not (os.path.isfile(path) or os.path.isdir(path)):
                os.unlink(path)
            elif root:
                os.lchown(path, uid, gid)
    if root:
        os.lchown(folder, uid, gid)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start in the sandbox and talk over Unix sockets."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    _sandbox_dir = None
    _workdir = None

    async def _async_pre_start_kernel(self, **kw):
        self.sandbox = Sandbox(config=self.config, log=self.log)
        self.sandbox_mode = self.sandbox.mode()
        if self.sandbox_mode == "off":
            self.transport = "tcp"
            kw["env"] = dict(kw.get("env") or os.environ, **self.sandbox.env)
            return await super()._async_pre_start_kernel(**kw)
        self._workdir = os.path.realpath(kw.get("cwd") or os.getcwd())
        if self._sandbox_dir is None:  # the connection file and the sockets (short paths: at most 107 bytes)
            self._sandbox_dir = tempfile.mkdtemp(prefix="sandbox-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self.connection_file = os.path.join(self._sandbox_dir, "kernel.json")
        self.ip = os.path.join(self._sandbox_dir, "kernel-ipc")
        self.kernel_spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if self.sandbox_mode == "off":
            return command
        if command[0] == sys.executable:
            command[0] = kernel_python()
        return launch_command(self.sandbox.settings(self.sandbox_mode, self._workdir, self._sandbox_dir), command)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._sandbox_dir is not None:
            reclaim(self._workdir)
            shutil.rmtree(self._sandbox_dir, ignore_errors=True)
            self._sandbox_dir = None

    cleanup_resources = _async_cleanup_resources


def _error(name, message):
    return NotebookNode(output_type="error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


class SandboxedExecute(Execute):
    """nbgrader's Execute with sandboxed kernels, and a new kernel when one dies."""

    _warned = set()  # warnings already given by this process

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        line = Sandbox(config=self.config).describe()
        if line.startswith("WARNING") and line not in self._warned:
            self._warned.add(line)
            self.log.warning(line)

    def preprocess(self, nb, resources=None, km=None):
        self._deaths, self._restarts = 0, Sandbox(config=self.config).kernel_restarts
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        limit = self._restarts
        if cell.cell_type == "code" and self._deaths > limit:
            cell.outputs = [_error("KernelDied", f"not run: the kernel died {self._deaths} times")]
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._deaths += 1
            cell.outputs.append(_error("KernelDied", "the kernel died while running this cell (a sandbox limit: "
                                                     "CPU time, memory or processes, or a crash)"))
            self.log.warning("The kernel died in cell %d; the rest of the notebook runs in a new kernel", index)
            if self._deaths <= limit:
                self._cleanup_kernel()
                self.km = self.create_kernel_manager()
                self.start_new_kernel()
                self.start_new_kernel_client()
            return cell, self.resources


def configure(c):
    """Put :class:`SandboxedExecute` in place of nbgrader's Execute in ``c`` (an nbgrader config)."""
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    c.Autograde.autograde_preprocessors = [SandboxedExecute if p is Execute else p for p in default]
