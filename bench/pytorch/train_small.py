"""Trains the PyTorch rebuild from random weights on a prepared dataset (authors' layout, as `spfusion prepare` writes
it) with the package's recipe, beside a ridge reference on the same folds: the check that tells a bug of ours from a
recipe that does not fit a few hundred stars (issue "the quick start shows the model learning").

    /usr/bin/python3 bench/pytorch/train_small.py DATASET [--model spfusion|convnext1d] [--epochs 20] [--batch 16]
        [--folds 3] [--seed 42] [--standardize] [--dropout 0.3] [--drop-path 0.3] [--convnext-dropout 0.2]
        [--lr 1e-3] [--period 20] [--weight-decay 1e-4] [--adamw X] [--noise X] [--precise-bn] [--threads 2] [--max-folds K] [--grad-norms]

Prints one line per epoch (validation MAE) and a closing JSON line with the test MAE per fold and the ridge's.
The folds are those `spfusion prepare --folds K` wrote when DATASET has them (so `spfusion cv` trains on the same rows),
otherwise this script's own (a seeded permutation, test = every K-th star, validation 30% of the rest).
"""
import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spfusion_torch as st  # noqa: E402

SPECTRUM = st.SPECTRUM_LENGTH


def load(dataset):
    with open(os.path.join(dataset, 'label', 'label.csv')) as f:
        rows = list(csv.DictReader(f))
    n = len(rows)
    spec = np.zeros((n, 1, SPECTRUM), np.float32)
    photo = np.zeros((n, 3, 128, 128), np.float32)
    y = np.zeros((n, 2), np.float32)
    snr = np.zeros(n, np.float32)
    for i, r in enumerate(rows):
        s = np.load(os.path.join(dataset, 'spectrum', r['obsid'] + '.npy'))[1].astype(np.float64)
        s = (s - s.min()) / (s.max() - s.min())
        left = (SPECTRUM - len(s)) // 2
        spec[i, 0, left:left + len(s)] = s
        p = np.load(os.path.join(dataset, 'photometric', r['obsid'] + '.npy')).astype(np.float64)
        lo = p.min(axis=(1, 2), keepdims=True)
        hi = p.max(axis=(1, 2), keepdims=True)
        photo[i] = (p - lo) / (hi - lo)
        y[i] = (float(r['mass_Msun']), float(r['age_Gyr']))
        snr[i] = float(r['SNR'])
    return spec, photo, y, snr, [r['obsid'] for r in rows]


def fold_folders(dataset, obsids, k):
    """The train/val/test split `spfusion prepare --folds K` wrote (DIR/foldF/{train,val,test}/label/label.csv)."""
    index = {o: i for i, o in enumerate(obsids)}
    for f in range(1, k + 1):
        parts = []
        for part in ('train', 'val', 'test'):
            with open(os.path.join(dataset, f'fold{f}', part, 'label', 'label.csv')) as fh:
                parts.append(np.array([index[r['obsid']] for r in csv.DictReader(fh)]))
        yield (f, *parts)


def folds(n, k, seed):
    perm = np.random.RandomState(seed).permutation(n)
    for f in range(k):
        test = perm[f::k]
        rest = np.setdiff1d(perm, test)
        rest = np.random.RandomState(seed + f).permutation(rest)
        nval = int(round(0.3 * len(rest)))
        yield f + 1, rest[nval:], rest[:nval], test


class Baseline(nn.Module):
    """The package's ConvNeXt 1D baseline: the spectral extractor, Conv1d 32->32 k7 + BN, mean, Linear 32->2."""

    def __init__(self, convnext_dropout):
        super().__init__()
        self.spec_feature_extractor = st.ConvNeXt1D(convnext_dropout)
        self.conv = nn.Sequential(nn.Conv1d(32, 32, 7, padding='same'), nn.BatchNorm1d(32))
        self.out_linear = nn.Linear(32, 2)

    def forward(self, photometric, spectrum):
        return self.out_linear(self.conv(self.spec_feature_extractor(spectrum)).mean(-1))


def build(a):
    if a.model == 'convnext1d':
        m = Baseline(a.convnext_dropout)
        out = m.out_linear
    else:
        m = st.SPFusion(dropout=a.dropout, convnext_dropout=a.convnext_dropout)
        if a.drop_path != a.dropout:
            m.star_fusion.drop_path.p = a.drop_path
            m.fusion_trans_blk.mhsa.drop_path.p = a.drop_path
        out = m.classification_head.out_linear
    return m, out


def lr_at(a, epoch):
    t = epoch % a.period
    return 1e-8 + (a.lr - 1e-8) * (1 + math.cos(math.pi * t / a.period)) / 2


def recalibrate_bn(m, photo, spec, rows, batch):
    """Precise BN: every batch norm's running statistics recomputed over the training rows with the epoch's final
    weights (cumulative average over the same batches as training), instead of the momentum-0.1 trail of the weights the
    epoch passed through."""
    norms = [b for b in m.modules() if isinstance(b, nn.modules.batchnorm._BatchNorm)]
    saved = [b.momentum for b in norms]
    for b in norms:
        b.reset_running_stats()
        b.momentum = None
    m.train()
    with torch.no_grad():
        for i in range(0, len(rows), batch):
            b = rows[i:i + batch]
            if len(b) > 1:
                m(torch.from_numpy(photo[b]), torch.from_numpy(spec[b]))
    for b, mom in zip(norms, saved):
        b.momentum = mom


def train_fold(a, data, train, val, test):
    spec, photo, y = data[:3]
    if a.standardize_inputs:
        mu = spec[train].mean(0, keepdims=True)
        sd = spec[train].std(0, keepdims=True)
        sd = np.where(sd > 1e-6, sd, 1.0)
        spec = ((spec - mu) / sd).astype(np.float32)
    if a.standardize_images:
        mu = photo[train].mean(0, keepdims=True)
        sd = photo[train].std(0, keepdims=True)
        sd = np.where(sd > 1e-6, sd, 1.0)
        photo = ((photo - mu) / sd).astype(np.float32)
    torch.manual_seed(a.seed)
    m, out = build(a)
    ytr = torch.tensor(y[train])
    mean, std = ytr.mean(0), ytr.std(0)
    with torch.no_grad():
        out.bias.copy_(torch.zeros(2) if a.standardize else mean)
    if a.adamw:
        opt = torch.optim.AdamW(m.parameters(), a.lr, betas=(0.9, 0.999), weight_decay=a.adamw)
    else:
        opt = torch.optim.Adam(m.parameters(), a.lr, betas=(0.9, 0.999), weight_decay=a.weight_decay)
    noise_rng = torch.Generator().manual_seed(a.seed)
    w = torch.tensor([100.0, 1.0])

    def predict(idx):
        m.eval()
        with torch.no_grad():
            z = torch.cat([m(torch.from_numpy(photo[idx[i:i + 64]]), torch.from_numpy(spec[idx[i:i + 64]]))
                           for i in range(0, len(idx), 64)])
        return z * std + mean if a.standardize else z

    best, best_state = float('inf'), None
    rng = np.random.RandomState(a.seed)
    for epoch in range(a.epochs):
        for g in opt.param_groups:
            g['lr'] = lr_at(a, epoch)
        m.train()
        grad_sums = {}
        order = rng.permutation(train)
        tot = 0.0
        for i in range(0, len(order), a.batch):
            b = order[i:i + a.batch]
            if len(b) < 2:
                continue
            sb = torch.from_numpy(spec[b])
            if a.noise:
                sb = sb + a.noise * torch.randn(sb.shape, generator=noise_rng) * (sb != 0)
            z = m(torch.from_numpy(photo[b]), sb)
            p = z * std + mean if a.standardize else z
            loss = (((p - torch.from_numpy(y[b])) ** 2).mean(0) * w).sum()
            opt.zero_grad()
            loss.backward()
            if a.grad_norms and epoch in (0, a.epochs - 1):
                for name, module in m.named_children():
                    norms = [q.grad.norm() ** 2 for q in module.parameters() if q.grad is not None]
                    grad_sums[name] = grad_sums.get(name, 0.0) + float(sum(norms)) ** 0.5
                grad_sums['_batches'] = grad_sums.get('_batches', 0) + 1
            opt.step()
            tot += loss.item() * len(b)
        if a.precise_bn:
            recalibrate_bn(m, photo, spec, train, a.batch)
        if grad_sums:
            nb = grad_sums.pop('_batches')
            print('  gradient norm per branch (mean over the epoch\'s batches): ' +
                  ', '.join(f'{k} {v / nb:.3g}' for k, v in grad_sums.items()), flush=True)
        pv = predict(val).numpy()
        vl = float((((pv - y[val]) ** 2).mean(0) * np.array([100, 1])).sum())
        mae = np.abs(pv - y[val]).mean(0)
        mark = ''
        if vl < best:
            best, mark = vl, ' *'
            best_state = {k: v.clone() for k, v in m.state_dict().items()}
        print(f'  epoch {epoch + 1}: train loss {tot / len(order):.3f}, val loss {vl:.3f}, '
              f'MAE {mae[0]:.4f} Msun {mae[1]:.3f} Gyr{mark}', flush=True)
    m.load_state_dict(best_state)
    return np.abs(predict(test).numpy() - y[test]).mean(0)


def ridge(data, train, val, test, with_images):
    spec, photo, y = data[:3]
    def features(idx):
        s = spec[idx, 0].reshape(len(idx), -1, 8).mean(-1)
        if with_images:
            c = photo[idx][:, :, 56:72, 56:72].mean(axis=(2, 3))
            s = np.concatenate([s, c], 1)
        return s.astype(np.float64)
    xtr, xva, xte = features(train), features(val), features(test)
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-9
    xtr, xva, xte = (xtr - mu) / sd, (xva - mu) / sd, (xte - mu) / sd
    ym = y[train].mean(0)
    best = None
    for alpha in [1, 3, 10, 30, 100, 300, 1000, 3000]:
        wts = np.linalg.solve(xtr.T @ xtr + alpha * np.eye(xtr.shape[1]), xtr.T @ (y[train] - ym))
        v = np.abs(xva @ wts + ym - y[val]).mean(0)
        score = 100 * v[0] ** 2 + v[1] ** 2
        if best is None or score < best[0]:
            best = (score, wts)
    return np.abs(xte @ best[1] + ym - y[test]).mean(0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('dataset')
    p.add_argument('--model', default='spfusion', choices=['spfusion', 'convnext1d'])
    p.add_argument('--epochs', type=int, default=20)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--folds', type=int, default=3)
    p.add_argument('--max-folds', type=int, default=None)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--standardize', action='store_true')
    p.add_argument('--dropout', type=float, default=0.3)
    p.add_argument('--drop-path', type=float, default=None)
    p.add_argument('--convnext-dropout', type=float, default=0.2)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--period', type=int, default=20)
    p.add_argument('--weight-decay', type=float, default=1e-4)
    p.add_argument('--adamw', type=float, default=0, help='decoupled weight decay (AdamW) instead of Adam\'s L2')
    p.add_argument('--noise', type=float, default=0, help='Gaussian noise added to the training spectra (augmentation)')
    p.add_argument('--standardize-inputs', action='store_true', help='per-pixel standardisation of the spectra (training rows\' mean and std)')
    p.add_argument('--standardize-images', action='store_true', help='per-pixel standardisation of the cut-outs (training rows\' mean and std)')
    p.add_argument('--precise-bn', action='store_true', help='recompute batch-norm statistics on the training rows after each epoch')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--grad-norms', action='store_true', help='print per-branch gradient norms in the first and last epoch')
    a = p.parse_args()
    if a.drop_path is None:
        a.drop_path = a.dropout
    torch.set_num_threads(a.threads)
    data = load(a.dataset)
    y = data[2]
    print(f'{len(y)} stars; mean-label MAE {np.abs(y - y.mean(0)).mean(0)}', flush=True)
    result = {'args': vars(a), 'folds': []}
    t0 = time.time()
    split = (fold_folders(a.dataset, data[4], a.folds) if os.path.isdir(os.path.join(a.dataset, 'fold1'))
             else folds(len(y), a.folds, a.seed))
    for f, train, val, test in split:
        if a.max_folds and f > a.max_folds:
            break
        r_s = ridge(data, train, val, test, False)
        r_i = ridge(data, train, val, test, True)
        mean_ref = np.abs(y[test] - y[train].mean(0)).mean(0)
        print(f'fold {f}: {len(train)} train, {len(val)} val, {len(test)} test; ridge {r_s}, +images {r_i}, mean {mean_ref}', flush=True)
        net = train_fold(a, data, train, val, test) if a.epochs > 0 else np.array([np.nan, np.nan])
        print(f'fold {f}: network test MAE {net}', flush=True)
        result['folds'].append({'fold': f, 'network': net.tolist(), 'ridge': r_s.tolist(), 'ridge_images': r_i.tolist(),
                                'mean': mean_ref.tolist()})
    result['seconds'] = time.time() - t0
    print(json.dumps(result))


if __name__ == '__main__':
    main()
