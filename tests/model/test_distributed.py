"""Training in several processes: shares of the data, one writer, one resulting model."""

import json
import os
import socket
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import distributed as dist

import mne_attention
from mne_attention import EEGTransformer
from mne_attention.model._checkpoint import TrainingCheckpoint
from mne_attention.model._distributed import (
    is_main_process,
    own_batches,
    own_items,
    rank,
    world_size,
)
from mne_attention.model._fit import _saving

# Rank 1 of a fit in two processes, started from the environment as torchrun
# starts it: it records the checkpoint writes it makes, fits, saves the model
# under a name of its own and writes what it ended with.
_RANK_1_SCRIPT = textwrap.dedent(
    """
    import json
    import sys
    from pathlib import Path

    import mne
    import numpy as np
    import torch

    from mne_attention import EEGTransformer
    from mne_attention.model._checkpoint import TrainingCheckpoint

    torch.set_num_threads(1)
    folder = Path(sys.argv[1])
    writes = []
    save = TrainingCheckpoint.save


    def recorded_save(self, **kwargs):
        writes.append(kwargs["stage"])
        save(self, **kwargs)


    TrainingCheckpoint.save = recorded_save
    epochs = mne.read_epochs(folder / "epochs-epo.fif", verbose=False)
    params = json.loads((folder / "params.json").read_text())
    model = EEGTransformer(**params).fit(epochs, checkpoint=folder / "fit.ckpt")
    model.save(folder / "model_1.mnea")
    np.savez(
        folder / "rank_1.npz",
        proba=model.predict_proba(epochs),
        writes=np.array(writes, dtype=str),
        **{
            f"weight {name}": value.detach().numpy()
            for name, value in model.network_.state_dict().items()
        },
    )
    """
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_rank_1(folder, port):
    script = folder / "rank_1.py"
    script.write_text(_RANK_1_SCRIPT)
    root = str(Path(mne_attention.__file__).parents[1])
    env = dict(
        os.environ,
        RANK="1",
        LOCAL_RANK="1",
        WORLD_SIZE="2",
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
        OMP_NUM_THREADS="1",
        PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
    )
    return subprocess.Popen(
        [sys.executable, str(script), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_processes_fit_one_model(tiny_epochs, tiny_params, tmp_path, monkeypatch):
    """Two CPU processes (gloo) end with the same model, and only rank 0 writes files.

    Rank 0 is this process, in a process group it starts itself; rank 1 is
    a new process that joins from the environment variables of torchrun.
    """
    params = dict(tiny_params, max_epochs=10, lr=3e-3, precision="float32")
    tiny_epochs.save(tmp_path / "epochs-epo.fif", verbose=False)
    (tmp_path / "params.json").write_text(json.dumps(params))
    port = _free_port()
    rank_1 = _start_rank_1(tmp_path, port)
    try:
        single = EEGTransformer(**params).fit(tiny_epochs)  # while rank 1 starts
        writes = []
        save = TrainingCheckpoint.save
        monkeypatch.setattr(
            TrainingCheckpoint,
            "save",
            lambda self, **kwargs: (
                writes.append(kwargs["stage"]) or save(self, **kwargs)
            ),
        )
        dist.init_process_group(
            "gloo",
            init_method=f"tcp://127.0.0.1:{port}",
            rank=0,
            world_size=2,
            timeout=timedelta(seconds=60),
        )
        try:
            assert (world_size(), rank(), is_main_process()) == (2, 0, True)
            model = EEGTransformer(**params)
            model.fit(tiny_epochs, checkpoint=tmp_path / "fit.ckpt")
            model.save(tmp_path / "model_0.mnea")
            # the fitted network is no longer tied to the other process
            noise = torch.randn(4, len(model.ch_names_), model.n_times_)
            model.network_(noise).sum().backward()
        finally:
            dist.destroy_process_group()
        output = rank_1.communicate(timeout=120)[0]
    finally:
        rank_1.kill()
    assert rank_1.returncode == 0, output
    other = np.load(tmp_path / "rank_1.npz")
    weights = model.network_.state_dict()
    assert sorted(f"weight {name}" for name in weights) == sorted(
        name for name in other.files if name.startswith("weight ")
    )
    for name, value in weights.items():
        np.testing.assert_array_equal(value.numpy(), other[f"weight {name}"], name)
    np.testing.assert_array_equal(model.predict_proba(tiny_epochs), other["proba"])
    # rank 0 wrote the checkpoint after every pass and removed it; rank 1 never
    assert len(writes) >= params["max_epochs"] and not list(other["writes"])
    assert not (tmp_path / "fit.ckpt").exists()
    assert (tmp_path / "model_0.mnea").exists()
    assert not (tmp_path / "model_1.mnea").exists()
    assert abs(model.score(tiny_epochs) - single.score(tiny_epochs)) <= 0.15


@pytest.mark.parametrize("n_ranks", [2, 3])
def test_each_rank_takes_as_many_batches(monkeypatch, n_ranks):
    """Batches go round the ranks, padded from the start so that shares are equal."""
    batches = list(range(7))
    shares = []
    monkeypatch.setenv("WORLD_SIZE", str(n_ranks))
    for index in range(n_ranks):
        monkeypatch.setenv("RANK", str(index))
        assert (world_size(), rank()) == (n_ranks, index)
        shares.append(own_batches(batches))
        items = own_items(10)
        assert items.tolist() == list(range(index, 10, n_ranks))
    assert len({len(share) for share in shares}) == 1
    assert sorted(set(sum(shares, []))) == batches
    assert shares[0][0] == 0 and shares[1][0] == 1


def test_single_process_takes_everything(monkeypatch):
    """Outside torchrun nothing is shared out."""
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    monkeypatch.setenv("RANK", "3")  # ignored without WORLD_SIZE
    assert (world_size(), rank(), is_main_process()) == (1, 0, True)
    assert own_batches([1, 2, 3]) == [1, 2, 3]
    assert own_items(5) is None


def test_other_ranks_write_nothing(tiny_epochs, tiny_params, tmp_path, monkeypatch):
    """A process of rank 1 neither saves a model file nor a checkpoint."""
    model = EEGTransformer(**dict(tiny_params, max_epochs=1)).fit(tiny_epochs)
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setenv("RANK", "1")
    assert not is_main_process()
    model.save(tmp_path / "model.mnea")
    assert list(tmp_path.iterdir()) == []
    assert _saving(object(), "refit", None) is None
    monkeypatch.setenv("RANK", "0")
    model.save(tmp_path / "model.mnea")
    assert (tmp_path / "model.mnea").exists()
