"""Hostile files (issue 17): every malformed HDF5 input the CLI reads (initial
data, checkpoints) ends with exit status 2 and one line on stderr, or works;
never a crash. Each case failed before its fix (segmentation faults in the
attribute readers, a wrapped allocation size, a 2^40-row /c read whole)."""
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest

CLI = os.environ.get("QLB_CLI", "qlb")
OP = ["--dim", "2", "--degree", "4", "--potential", "gaussian:A=2,s=1"]
RUN = OP + ["--t-final", "1e6", "--n-times", "5", "--checkpoint-steps", "1"]


def qlb(*args, cwd=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def refused(r):
    lines = r.stderr.strip().splitlines()
    return r.returncode == 2 and len(lines) >= 1 and lines[-1].startswith("qlb ")


@pytest.fixture
def checkpoint(tmp_path):
    """A real checkpoint: a run stopped by --max-steps."""
    r = qlb("evolve", *RUN, "--initial", "maxwellian:u1=0.3", "--max-steps", "3", "-o", str(tmp_path / "m.h5"))
    assert r.returncode == 1 and (tmp_path / "m.h5.ckpt").exists(), r.stderr
    return tmp_path / "m.h5.ckpt"


def resume(path):
    return qlb("evolve", *RUN, "--initial", "maxwellian:u1=0.3", "--max-steps", "100", "-o",
               str(path.with_suffix("")), "--resume")


@pytest.mark.parametrize("attribute", ["fingerprint", "rows_done"])
def test_checkpoint_attribute_as_array(checkpoint, attribute):
    with h5py.File(checkpoint, "a") as f:
        value = f.attrs[attribute]
        del f.attrs[attribute]
        f.attrs[attribute] = np.array([value] * 50) if attribute == "rows_done" else \
            np.array([value] * 50, dtype=h5py.string_dtype())
    r = resume(checkpoint)
    assert refused(r) and attribute in r.stderr, r.stderr


def test_checkpoint_dataset_of_2_61_rows(checkpoint):
    with h5py.File(checkpoint, "a") as f:
        del f["checkpoint/times"]
        f.create_dataset("checkpoint/times", shape=(2 ** 61,), dtype="f8", chunks=(1,))
    r = resume(checkpoint)
    assert refused(r) and "more than fits in memory" in r.stderr, r.stderr


def test_checkpoint_dataset_in_a_million_chunks(checkpoint):
    """HDF5 keeps state per chunk while it reads: a 48 MB file of 2^20
    written one-value chunks took 4 GB and 10 s to read before (measured;
    a larger one would exhaust memory). More than 4096 chunks are refused
    before the read (here unwritten, so that the test is quick)."""
    with h5py.File(checkpoint, "a") as f:
        del f["checkpoint/times"]
        f.create_dataset("checkpoint/times", shape=(2 ** 20,), dtype="f8", chunks=(1,))
    r = subprocess.run(["bash", "-c", 'ulimit -v 2000000; exec "$0" "$@"', CLI, "evolve", *RUN, "--initial",
                        "maxwellian:u1=0.3", "--max-steps", "100", "-o", str(checkpoint.with_suffix("")),
                        "--resume"], capture_output=True, text=True, timeout=120)
    assert refused(r) and "chunks" in r.stderr, r.stderr


def test_initial_basis_attribute_as_array(tmp_path):
    with h5py.File(tmp_path / "c.h5", "w") as f:
        f["c"] = np.zeros((1, 15))
        f["c"].attrs["basis"] = np.array(["spherical"] * 100, dtype=h5py.string_dtype())
    r = qlb("evolve", *OP, "--t-final", "1", "--n-times", "1", "--initial", str(tmp_path / "c.h5"),
            "-o", str(tmp_path / "o.h5"))
    assert refused(r) and "basis" in r.stderr and not (tmp_path / "o.h5").exists(), r.stderr


def test_initial_of_2_40_rows_reads_the_last_row_only(tmp_path):
    with h5py.File(tmp_path / "c.h5", "w") as f:
        d = f.create_dataset("c", shape=(2 ** 40, 15), dtype="f8", chunks=(1, 15))
        d[-1, 0] = 0.01
        d.attrs["basis"] = "spherical"
    # 10^13 values would need 88 TB: reading the last row alone stays small
    r = subprocess.run(["bash", "-c", 'ulimit -v 2000000; exec "$0" "$@"', CLI, "evolve", *OP, "--t-final", "1",
                        "--n-times", "1", "--initial", str(tmp_path / "c.h5"), "-o", str(tmp_path / "o.h5")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    with h5py.File(tmp_path / "o.h5") as f:
        assert f["c"][0, 0] == 0.01


@pytest.mark.parametrize("change", ["nan state", "negative time", "time beyond t-final", "nan recorded"])
def test_checkpoint_values_checked(checkpoint, change):
    with h5py.File(checkpoint, "a") as f:
        if change == "nan state":
            f["checkpoint/state"][0, 3] = np.nan
        elif change == "negative time":
            f["checkpoint/clock"][0, 0] = -5.0
        elif change == "time beyond t-final":
            f["checkpoint/clock"][0, 0] = 1e12
        else:
            f["c"][0, 2] = np.nan
    r = resume(checkpoint)
    assert refused(r) and "checkpoint" in r.stderr, r.stderr


def test_checkpoint_of_an_edited_table_potential(tmp_path):
    table = tmp_path / "v.txt"
    table.write_text("0 2\n1 1\n2 0.2\n3 0.01\n")
    run = ["evolve", "--dim", "2", "--degree", "4", "--potential", f"table:{table}", "--t-final", "1e6",
           "--n-times", "5", "--checkpoint-steps", "1", "--initial", "maxwellian:u1=0.3", "-o",
           str(tmp_path / "m.h5")]
    assert qlb(*run, "--max-steps", "3").returncode == 1
    table.write_text("0 2\n1 1.5\n2 0.2\n3 0.01\n")  # same path, other values
    r = qlb(*run, "--max-steps", "100", "--resume")
    assert refused(r) and "other settings" in r.stderr, r.stderr
