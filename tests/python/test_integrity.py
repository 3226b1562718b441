"""Integrity of saved files and inputs (issue 23): a saved operator, tensor or
checkpoint that anyone but qlb edited is refused by name, never loaded to
other numbers; sizes a file declares never reach an allocation unchecked;
inputs that are not regular files are refused before they can block; the
Python layer raises ValueError, OSError or MemoryError for every malformed
argument or file. Each case failed on the code before (a heap overflow, a
silent change of the gap or the spectrum, a hang, a crash, a TypeError).

Edits come in two strengths: a plain edit, which the sha256 of the array
catches, and an edit whose sha256 is recomputed ("rehashed"), which the
checks behind the checksum must catch (sizes, ordering, finiteness,
symmetry) or which must load to a file qlb itself could have written."""
import hashlib
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

CLI = os.environ.get("QLB_CLI", "qlb")
OP = ["--dim", "3", "--degree", "6", "--hbar", "1", "--potential", "algebraic:A=1,p=2"]
RUN = OP + ["--initial", "maxwellian:u1=0.3", "--t-final", "1", "--n-times", "2"]


def qlb(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def refused(r, *words):
    lines = r.stderr.strip().splitlines()
    return (r.returncode == 2 and len(lines) == 1 and lines[0].startswith("qlb")
            and all(w in lines[0] for w in words))


def rehash(f, name):
    f[name].attrs["sha256"] = hashlib.sha256(f[name][()].tobytes()).hexdigest()


def replace(f, name, data, rehashed=True, **kw):
    """Dataset name recreated with data (or a shape and dtype in kw)."""
    del f[name]
    f.create_dataset(name, data=data, **kw)
    if rehashed and data is not None:
        rehash(f, name)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    d = tmp_path_factory.mktemp("saved")
    for what in ("operator", "Q"):
        r = qlb("export", "--what", what, *OP, "--format", "h5", "-o", str(d / f"{what}.h5"))
        assert r.returncode == 0, r.stderr
    return d


@pytest.fixture
def operator(saved, tmp_path):
    (tmp_path / "L.h5").write_bytes((saved / "operator.h5").read_bytes())
    return tmp_path / "L.h5"


@pytest.fixture
def tensor(saved, tmp_path):
    (tmp_path / "Q.h5").write_bytes((saved / "Q.h5").read_bytes())
    return tmp_path / "Q.h5"


def gap_with(path):
    return qlb("gap", *OP, "--operator", str(path))


def evolve_with(path, tmp_path):
    return qlb("evolve", *RUN, "--quadratic", str(path), "-o", str(tmp_path / "o.h5"))


def test_every_array_carries_its_sha256(saved):
    """The checksum is what h5py computes: users can verify a file too."""
    for name in ("operator.h5", "Q.h5"):
        with h5py.File(saved / name) as f:
            arrays = []
            f.visititems(lambda k, v: arrays.append(v) if isinstance(v, h5py.Dataset) else None)
            assert len(arrays) >= 3
            for a in arrays:
                assert a.attrs["sha256"] == hashlib.sha256(a[()].tobytes()).hexdigest(), a.name


# ---- defect 1: sizes from the file's own offsets ----

@pytest.mark.parametrize("array", ["radial", "gaunt"])
@pytest.mark.parametrize("rehashed", [False, True])
def test_tensor_declaring_2_61_values_is_refused(tensor, tmp_path, array, rehashed):
    with h5py.File(tensor, "a") as f:
        offsets, values, n = (("Q/radial_offset", "Q/radial", 2 ** 61) if array == "radial"
                              else ("Q/gaunt_offset", "Q/gaunt_value", 2 ** 62))
        o = f[offsets][()]
        o[-1] = n
        replace(f, offsets, o, rehashed)
        replace(f, values, None, shape=(n,), dtype="f8", chunks=(1024,))
    r = evolve_with(tensor, tmp_path)
    assert refused(r, str(tensor)), r.stderr
    assert not (tmp_path / "o.h5").exists()
    # qlb.load raises in Python; it must not kill the interpreter
    p = subprocess.run([sys.executable, "-c", f"import qlb\ntry:\n qlb.load({str(tensor)!r})\n"
                        "except (ValueError, MemoryError) as e:\n print('raised', e)"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout.startswith("raised"), p.stdout + p.stderr


# ---- defect 2: values edited after qlb wrote them ----

def edit_operator(f, change):
    b = f["operator/blocks"][()]
    if change == "int64 blocks":
        replace(f, "operator/blocks", (b * 1e6).astype(np.int64), rehashed=False)
    elif change == "one entry x 1.0001":
        b[5] *= 1.0001
        f["operator/blocks"][...] = b
    elif change == "inf entry":
        b[0] = np.inf
        f["operator/blocks"][...] = b
    elif change == "nan entry":
        b[0] = np.nan
        f["operator/blocks"][...] = b
    elif change == "float32 kernel":
        replace(f, "operator/kernel", f["operator/kernel"][()].astype(np.float32), rehashed=False)


@pytest.mark.parametrize("change", ["int64 blocks", "one entry x 1.0001", "inf entry", "nan entry",
                                    "float32 kernel"])
def test_edited_operator_is_refused(operator, change):
    with h5py.File(operator, "a") as f:
        edit_operator(f, change)
    r = gap_with(operator)
    assert refused(r, str(operator), "/operator/"), r.stderr


@pytest.mark.parametrize("change", ["nan entry", "asymmetric block", "asymmetric kernel"])
def test_rehashed_operator_edit_is_refused(operator, change):
    """Behind the checksum: finite values and exactly symmetric blocks and
    kernel (the blocks are symmetrized before they are saved)."""
    with h5py.File(operator, "a") as f:
        if change == "nan entry":
            b = f["operator/blocks"][()]
            b[0] = np.nan
            f["operator/blocks"][...] = b
            rehash(f, "operator/blocks")
        elif change == "asymmetric block":
            b = f["operator/blocks"][()]
            b[1] *= 1.0001  # block l = 0 is 4 x 4: entry (0, 1)
            f["operator/blocks"][...] = b
            rehash(f, "operator/blocks")
        else:
            k = f["operator/kernel"][()]
            k[1, 3] *= 1.0001  # row 0 and n + n' odd vanish
            f["operator/kernel"][...] = k
            rehash(f, "operator/kernel")
    r = gap_with(operator)
    assert refused(r, str(operator)) and ("symmetric" in r.stderr or "finite" in r.stderr), r.stderr


def test_unedited_operator_gives_the_same_gap(saved):
    direct, loaded = qlb("gap", *OP), gap_with(saved / "operator.h5")
    assert direct.returncode == 0 and direct.stdout == loaded.stdout


@pytest.mark.parametrize("change", ["duplicated gaunt entry", "reversed radial", "float32 radial",
                                    "nan radial"])
@pytest.mark.parametrize("rehashed", [False, True])
def test_edited_tensor_is_refused(tensor, tmp_path, change, rehashed):
    with h5py.File(tensor, "a") as f:
        if change == "duplicated gaunt entry":
            gi, gv = f["Q/gaunt_index"][()], f["Q/gaunt_value"][()]
            gi[2], gv[2] = gi[1], gv[1]  # block 1 holds entries 1..3
            replace(f, "Q/gaunt_index", gi, rehashed)
            replace(f, "Q/gaunt_value", gv, rehashed)
        elif change == "reversed radial":
            replace(f, "Q/radial", f["Q/radial"][()][::-1].copy(), rehashed)
        elif change == "float32 radial":
            replace(f, "Q/radial", f["Q/radial"][()].astype(np.float32), rehashed)
        else:
            radial = f["Q/radial"][()]
            radial[3] = np.nan
            replace(f, "Q/radial", radial, rehashed)
    r = evolve_with(tensor, tmp_path)
    if change == "reversed radial" and rehashed:
        # consistent in every structural respect: another tensor, not a
        # crash; the checksum is a guard against edits, not a signature
        assert r.returncode == 0, r.stderr
        return
    assert refused(r, str(tensor)), r.stderr


def test_scan_with_an_edited_cached_operator(tmp_path):
    manifest = tmp_path / "m.txt"
    (tmp_path / "ops").mkdir()
    manifest.write_text("dim = 2\ndegree = 4\nhbar = 1\npotential = gaussian:A=1,s=1\nquantities = gap\n")
    first = qlb("scan", "--manifest", str(manifest), "-o", str(tmp_path / "a.csv"), "--operators",
                str(tmp_path / "ops"), "--no-seconds")
    assert first.returncode == 0, first.stderr
    (cached,) = (tmp_path / "ops").iterdir()
    with h5py.File(cached, "a") as f:
        f["operator/blocks"][0] *= 1.01
    r = qlb("scan", "--manifest", str(manifest), "-o", str(tmp_path / "b.csv"), "--operators",
            str(tmp_path / "ops"), "--no-seconds")
    assert r.returncode == 2 and "sha256" in r.stderr, r.stderr
    assert not (tmp_path / "b.csv").exists() or "sha256" not in (tmp_path / "b.csv").read_text()


# ---- defect 5: inputs that are not regular files ----

@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def fifo_commands(fifo, tmp_path):
    out = str(tmp_path / "o.h5")
    base = ["--dim", "2", "--degree", "4", "--potential", "gaussian:A=1,s=1"]
    run = base + ["--t-final", "1", "--n-times", "1", "-o", out]
    return {
        "--operator": ["gap", *base, "--operator", str(fifo)],
        "--quadratic": ["evolve", *run, "--initial", "maxwellian:u1=0.3", "--quadratic", str(fifo)],
        "--initial h5": ["evolve", *run, "--initial", f"{fifo}.h5"],
        "--initial csv": ["evolve", *run, "--initial", f"{fifo}.csv"],
        "table:FIFO": ["gap", "--dim", "2", "--degree", "4", "--potential", f"table:{fifo}"],
        "--manifest": ["scan", "--manifest", str(fifo), "-o", str(tmp_path / "t.csv")],
        "a directory as table": ["gap", "--dim", "2", "--degree", "4", "--potential", f"table:{tmp_path}"],
        "a device as manifest": ["scan", "--manifest", "/dev/zero", "-o", str(tmp_path / "t.csv")],
    }


@pytest.mark.parametrize("case", ["--operator", "--quadratic", "--initial h5", "--initial csv", "table:FIFO",
                                  "--manifest", "a directory as table", "a device as manifest"])
def test_input_that_is_not_a_regular_file(fifo, tmp_path, case):
    for suffix in (".h5", ".csv"):
        os.mkfifo(f"{fifo}{suffix}")
    r = qlb(*fifo_commands(fifo, tmp_path)[case], timeout=30)
    assert refused(r, "not a regular file"), r.stderr


def test_fifo_in_the_operator_cache(tmp_path):
    manifest = tmp_path / "m.txt"
    manifest.write_text("dim = 2\ndegree = 4\nhbar = 1\npotential = gaussian:A=1,s=1\nquantities = gap\n")
    (tmp_path / "ops").mkdir()
    scan = ["scan", "--manifest", str(manifest), "--operators", str(tmp_path / "ops"), "--no-seconds"]
    assert qlb(*scan, "-o", str(tmp_path / "a.csv")).returncode == 0
    (cached,) = (tmp_path / "ops").iterdir()
    cached.unlink()
    os.mkfifo(cached)  # where the cached operator was
    r = qlb(*scan, "-o", str(tmp_path / "b.csv"), timeout=30)
    assert r.returncode == 2 and "is a FIFO, not a regular file" in r.stderr, r.stderr


def test_load_of_a_fifo(fifo):
    p = subprocess.run([sys.executable, "-c", f"import qlb\ntry:\n qlb.load({str(fifo)!r})\n"
                        "except ValueError as e:\n print('raised', e)"],
                       capture_output=True, text=True, timeout=30)
    assert p.stdout.startswith("raised") and "FIFO" in p.stdout, p.stdout + p.stderr


# ---- defect 8: numbers out of range in headers ----

@pytest.mark.parametrize("value", [1e20, np.nan])
def test_operator_dimension_out_of_range(operator, value):
    with h5py.File(operator, "a") as f:
        f.attrs["dim"] = value
    r = gap_with(operator)
    assert refused(r, str(operator)) and "-2147483648" not in r.stderr, r.stderr


def test_tensor_intervals_out_of_range(tensor, tmp_path):
    with h5py.File(tensor, "a") as f:
        f["Q"].attrs["intervals"] = 1e300
    r = evolve_with(tensor, tmp_path)
    assert refused(r, "intervals"), r.stderr


# ---- defect 7: signals and killed writers ----

def host_tag():
    """The host part of qlb's temporary names: FNV-1a (32-bit) of the host name."""
    h = 2166136261
    for c in os.uname().nodename.encode():
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return f"{h:08x}"


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def start_and_signal(args, tmp_path, target, sig):
    """Starts qlb, waits until its temporary file for target exists, sends sig."""
    import signal
    import time
    p = subprocess.Popen([CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(target.name + ".tmp-*")) and p.poll() is None:
        time.sleep(0.005)
    assert list(tmp_path.glob(target.name + ".tmp-*")), "no temporary file seen"
    p.send_signal(getattr(signal, sig))
    p.communicate(timeout=60)
    return p.returncode


BIG = ["--what", "Q", "--dim", "4", "--degree", "14", "--hbar", "1", "--potential", "algebraic:A=1,p=2",
       "--format", "h5"]


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_signal_during_export_removes_the_temporary_file(tmp_path, sig):
    out = tmp_path / "Q.h5"
    rc = start_and_signal(["export", *BIG, "-o", str(out)], tmp_path, out, sig)
    assert rc == -{"SIGINT": 2, "SIGTERM": 15}[sig]  # died by the signal, as without a handler
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())


def test_signal_during_moment_export_removes_both_temporary_files(tmp_path):
    out = tmp_path / "C.npz"
    args = ["export", "--what", "moments", "--max-p", "60", "--max-j", "30", "--dim", "3", "--hbar", "0",
            "--potential", "algebraic:A=1,p=2", "--no-screening", "--format", "npz", "-o", str(out)]
    start_and_signal(args, tmp_path, out, "SIGINT")
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())


def test_stale_temporary_of_a_killed_writer_is_removed(tmp_path):
    out = tmp_path / "Q.h5"
    stale = tmp_path / f"Q.h5.tmp-{host_tag()}-{dead_pid()}-AbCdEf"
    live = tmp_path / f"Q.h5.tmp-{host_tag()}-{os.getpid()}-GhIjKl"  # a writer still running
    other = tmp_path / f"Q.h5.tmp-00000000-{dead_pid()}-MnOpQr"      # another host's: unknown
    for f in (stale, live, other):
        f.write_bytes(b"half")
    assert qlb("export", *OP, "--format", "h5", "-o", str(out)).returncode == 0
    assert not stale.exists() and live.exists() and other.exists() and out.exists()


def test_killed_checkpoint_write_is_gone_after_resume(tmp_path):
    run = ["evolve", "--dim", "2", "--degree", "4", "--potential", "gaussian:A=2,s=1", "--t-final", "1e6",
           "--n-times", "5", "--checkpoint-steps", "1", "--initial", "maxwellian:u1=0.3", "-o",
           str(tmp_path / "m.h5")]
    assert qlb(*run, "--max-steps", "3").returncode == 1
    stale = tmp_path / f"m.h5.ckpt.tmp-{host_tag()}-{dead_pid()}-AbCdEf"  # SIGKILL mid-write
    stale.write_bytes(b"half")
    r = qlb(*run, "--max-steps", "100000", "--resume")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.h5"]


# ---- defect 9: one line for a late refusal ----

def test_moment_export_refusal_of_a_loaded_operator_is_one_line(saved, tmp_path):
    r = qlb("export", "--what", "moments", "--max-p", "2", "--max-j", "1", "--dim", "3", "--hbar", "0.5",
            "--potential", "algebraic:A=1,p=2", "--operator", str(saved / "operator.h5"), "--format", "npz",
            "-o", str(tmp_path / "c.npz"))
    assert refused(r, "holds d=3 N=6 hbar=1"), r.stderr
    assert list(tmp_path.iterdir()) == []


# ---- defects 4 and 6: the Python layer ----

def python(code, env=None):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


def test_interpreter_exit_is_clean_with_busy_openmp_workers():
    """cffi unloaded libqlb and libgomp at exit under spinning OpenMP workers
    (SIGSEGV in 10 runs of 10 before RTLD_NODELETE)."""
    code = "import qlb; qlb.Operator(3, 4, 1, 'algebraic:A=1,p=2')"
    codes = [python(code, {"OMP_WAIT_POLICY": "active"}).returncode for _ in range(20)]
    assert codes == [0] * 20, codes


def test_set_threads_beyond_the_maximum_raises():
    p = python("import qlb\ntry:\n qlb.set_threads(40000)\nexcept ValueError as e:\n print('raised', e)")
    assert p.returncode == 0 and p.stdout.startswith("raised"), p.stdout + p.stderr


import qlb as api  # noqa: E402  (qlb above is the CLI)

KW = dict(dim=3, degree=4, hbar=1, potential="algebraic:A=1,p=2")


@pytest.mark.parametrize("name,value", [("dim", None), ("dim", float("inf")), ("dim", 2 ** 40), ("degree", "4"),
                                        ("hbar", None), ("hbar", float("nan")), ("hbar", 1j), ("tol", "x"),
                                        ("potential", "algebraic:A=1\0,p=2"), ("potential", None)])
def test_constructor_arguments_raise_value_error(name, value):
    with pytest.raises(ValueError):
        api.Operator(**dict(KW, **{name: value}))


def test_complex_input_is_refused():
    L = api.Operator(**KW)
    with pytest.raises(ValueError, match="complex"):
        L.apply(np.ones(L.size) * (1 + 1j))


@pytest.mark.parametrize("conv_tol", [float("nan"), -1.0])
def test_convergence_tolerance_checked(conv_tol):
    with pytest.raises(ValueError):
        api.transport(3, 4, 1, "algebraic:A=1,p=2", conv_tol=conv_tol)


def test_evolve_has_a_step_limit():
    import inspect
    assert inspect.signature(api.evolve).parameters["max_steps"].default == 1000000
    with pytest.raises(RuntimeError, match="max_steps"):
        api.evolve(2, 4, 1, "gaussian:A=2,s=1", "maxwellian:u1=0.3", [1e300], max_steps=20)


def test_nul_in_a_path_is_refused(saved):
    with pytest.raises(ValueError, match="NUL"):
        api.load(str(saved / "operator.h5") + "\0.txt")


@pytest.mark.parametrize("edit", ["dim as text", "dim missing", "potential as numbers", "hbar as array",
                                  "dim compound", "not hdf5"])
def test_load_of_a_malformed_file_raises_value_or_os_error(operator, edit):
    if edit == "not hdf5":
        operator.write_bytes(b"\x89HDF garbage" * 100)
    else:
        with h5py.File(operator, "a") as f:
            if edit == "dim as text":
                f.attrs["dim"] = "three"
            elif edit == "dim missing":
                del f.attrs["dim"]
            elif edit == "potential as numbers":
                f.attrs["potential"] = np.arange(3)
            elif edit == "dim compound":
                f.attrs.create("dim", data=np.zeros(1, dtype=[("a", "i4"), ("b", "f8")]))
            else:
                f.attrs["hbar"] = np.ones(4)
    with pytest.raises((ValueError, OSError)):
        api.load(operator)


def test_a_path_with_format_directives(operator, tmp_path):
    """A path is text, never a format: '%s%n' in the path of a file that is
    refused reached the message formatter as its format (clang's
    -Wformat-security found it; now built with -Wformat=2)."""
    path = tmp_path / "L%s%n%s.h5"
    operator.rename(path)
    with h5py.File(path, "a") as f:
        f.attrs["potential"] = "nonsense:A=1"
    r = gap_with(path)
    assert refused(r, str(path)), r.stderr
