"""Signals as flags (reports/signals.py): a handler only records; a blocked step gets its signal after it;
a process a notebook starts in a session of its own is adopted and killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kodaira_analysis.reports.model import ExitCode
from kodaira_analysis.reports.signals import StopFlag

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")


def test_the_handler_only_records_the_first_signal_and_raises_nothing():
    stop = StopFlag()
    before = signal.getsignal(signal.SIGINT)  # Python's, or SIG_IGN in a background job
    with stop.installed():
        os.kill(os.getpid(), signal.SIGINT)  # delivered to the main thread at once; no KeyboardInterrupt
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop and stop.name == "SIGINT" and stop.exit_code == ExitCode.SIGINT == 130
    assert signal.getsignal(signal.SIGINT) is before, "the handlers are restored"


def test_a_signal_sent_in_a_held_step_is_delivered_when_the_step_ends():
    """In a process of one thread, as the build is (a signal sent to the process goes to a thread that does not
    block it: pytest-xdist's workers have several, so this runs in a process of its own)."""
    code = textwrap.dedent(
        """
        import os, signal
        from kodaira_analysis.reports.signals import StopFlag, held
        stop = StopFlag()
        with stop.installed():
            with held():
                os.kill(os.getpid(), signal.SIGTERM)
                during = bool(stop)
            print(during, stop.name, int(stop.exit_code), flush=True)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "SIGTERM", "143"], run


def test_a_signal_that_lands_in_a_finalizer_is_not_lost():
    """An exception raised by a handler inside ``__del__`` was swallowed (the old runner re-raised it from a
    timer); a flag cannot be swallowed."""
    stop = StopFlag()

    class Finalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)

    with stop.installed():
        Finalized()
        assert stop.name == "SIGTERM"


def test_restore_false_keeps_the_flag_for_the_rest_of_the_process():
    """The command line keeps recording: a SIGTERM after the build's summary changes no exit code."""
    code = textwrap.dedent(
        """
        import os, signal, sys
        from kodaira_analysis.reports.signals import StopFlag, held
        stop = StopFlag()
        with stop.installed(restore=False):
            pass
        os.kill(os.getpid(), signal.SIGTERM)
        print(stop.name, flush=True)
        sys.exit(0)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "SIGTERM", run


#: A process that becomes a subreaper, starts a child that starts a grandchild in a session of its own and
#: exits (the grandchild is re-parented to us), then reaps what it adopted; prints the grandchild's pid.
ADOPTER = """
import os, subprocess, sys, time
from kodaira_analysis.reports import signals
assert signals.become_subreaper()
before = signals.children()
child = subprocess.Popen([sys.executable, "-c",
    "import subprocess; p = subprocess.Popen(['sleep', '300'], start_new_session=True); print(p.pid, flush=True)"],
    stdout=subprocess.PIPE, text=True)
grandchild = int(child.stdout.readline())
child.wait()
deadline = time.monotonic() + 10
while grandchild not in signals.children() and time.monotonic() < deadline:
    time.sleep(0.01)  # re-parented to us as the child exits
print(grandchild, grandchild in signals.children(), signals.reap_adopted(lambda: before), flush=True)
"""


@linux
def test_a_process_started_in_its_own_session_is_adopted_and_killed():
    run = subprocess.run([sys.executable, "-c", ADOPTER], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    pid, adopted, killed = run.stdout.split()
    assert adopted == "True" and int(killed) >= 1
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]


@linux
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_child_whose_parent_died_before_it_asked_gets_the_signal_at_once(sig):
    """The parent that started it is named: a parent gone before the request is seen, not taken for the adopter."""
    code = textwrap.dedent(
        f"""
        import os, signal, time
        from kodaira_analysis.reports.signals import die_with_parent
        signal.signal(signal.SIGTERM, lambda *_: os._exit(42))
        die_with_parent({int(sig)}, parent=os.getppid() + 1000000)  # a pid no process has: as if ours had died
        time.sleep(30)
        os._exit(0)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 42), run.stderr


@linux
def test_a_child_whose_named_parent_lives_goes_on():
    code = (
        "import os\nfrom kodaira_analysis.reports.signals import die_with_parent\ndie_with_parent(parent=os.getppid())"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


@linux
def test_a_child_asked_to_die_with_its_parent_does():
    code = textwrap.dedent(
        """
        import os, subprocess, sys
        from kodaira_analysis.reports.signals import die_with_parent
        child = subprocess.Popen(['sleep', '300'], preexec_fn=die_with_parent)
        print(child.pid, flush=True)
        os._exit(0)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    pid = int(run.stdout)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or state == "Z", "the child outlived its parent"
