"""Kill -9 the integrator at random instants; the next run resumes, the audit passes, no acknowledged entry
is lost. The child is a forked process (no start-up cost), killed with SIGKILL."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from custodes.app import Custodes
from custodes.ledger.tiles import dir_fetch
from custodes.ledger.verify import audit
from custodes.settings import Settings

TRIALS = 20
BACKLOG = 1000


def _child(data: str, batch: int, pipe: Connection) -> None:
    """Append rounds of entries (reporting each committed one) and integrate, until killed."""
    app = Custodes.open(Settings(data_dir=Path(data)))
    integrator = app.integrator()
    pipe.send(0)
    for rnd in range(100000):
        with app.store.write("fault") as uow:
            for i in range(9):
                uow.append("test.fault", {"round": rnd, "i": i})
        pipe.send(uow.entries[-1].index + 1)  # acknowledged: committed
        integrator.integrate(batch_size=batch)


@pytest.mark.slow
def test_kill_nine_at_random_points(app: Custodes, tmp_path: Path) -> None:
    rng = random.Random(2803)
    with app.store.write("fault") as uow:  # a backlog, so that the child is integrating most of the time
        for i in range(BACKLOG):
            uow.append("test.fault", {"backlog": i})
    app.store.engine.dispose()
    ctx = multiprocessing.get_context("fork")
    for trial in range(TRIALS):
        data = tmp_path / f"trial{trial}"
        shutil.copytree(app.settings.data_dir, data)
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(str(data), rng.choice([1, 7, 64, 300]), send))
        child.start()
        send.close()
        assert receive.poll(60) and receive.recv() == 0
        time.sleep(rng.uniform(0.0, 0.5))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        acked = 0
        while receive.poll():
            try:
                acked = receive.recv()
            except EOFError:
                break
        # restart: integrate what is left, then audit the log against the database
        again = Custodes.open(Settings(data_dir=data))
        result = again.integrator().integrate(batch_size=1000)
        assert result.size >= max(acked, 73 + BACKLOG)
        with again.store.read() as conn:
            report = audit(dir_fetch(again.settings.log_dir), again.log_verifier(), db=conn)
        assert report.ok, (trial, report.problems)
        assert report.size == report.db_rows == again.integrator().journal_size()
        again.store.engine.dispose()
        shutil.rmtree(data)
