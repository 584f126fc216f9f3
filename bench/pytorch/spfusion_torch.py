"""PyTorch rebuild of the SPFusion network, written from ARCHITECTURE.md (the authors' release wiring).

Module attributes carry the authors' PyTorch module paths (``spec_feature_extractor.extractor.0.blocks.0.conv_d``,
``star_fusion.photo_branch.0.block.0``, ...), which are also the node names of the published ONNX graph; that is what
lets ``published_weights.py`` map every published initialiser onto this network and check the map.

Used for two things only, never by the C# package at run time:

* ``parity.py`` loads the published weights into it and compares its outputs with ONNX Runtime's;
* the benchmark times it side by side with the package (the command line below, unchanged from the former
  ``torch_reference.py``): ``python3 spfusion_torch.py train|infer batch steps threads`` prints one JSON line
  with ``samples_per_s``.
"""
import json
import math
import sys
import time
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

LN_EPS = 1e-6          # channel LayerNorm (ARCHITECTURE.md, "Conventions")
SPECTRUM_LENGTH = 3584
IMAGE_SIZE = 128
TOKENS = 28            # length of every feature sequence after the extractors
CHANNELS = 32          # channels of each modality's features (x_s, x_p, x_f)

# PyTorch warns that 'same' with an even kernel (the k16 depthwise convs) copies the input to pad it asymmetrically;
# that asymmetric padding is exactly the rule the network needs, so the warning is only noise on the bench's stderr.
warnings.filterwarnings('ignore', message="Using padding='same' with even kernel lengths")


class ChannelLayerNorm(nn.Module):
    """Normalises each position of an [N,C,L] tensor over C (mean, biased variance, eps 1e-6), then weight and bias."""

    def __init__(self, channels, eps=LN_EPS):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        d = x - u
        v = d.pow(2).mean(1, keepdim=True)
        return self.weight[:, None] * (d / torch.sqrt(v + self.eps)) + self.bias[:, None]


class DropPath(nn.Module):
    """Drops a whole sample (all its elements) with probability p in training; identity in eval."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape[0], *([1] * (x.dim() - 1)), device=x.device) >= self.p
        return x * keep / (1 - self.p)


# ---------------------------------------------------------------- spectral extractor: ConvNeXt 1D

class ConvNeXtBlock(nn.Module):
    """x + Dropout(0.2)(conv_2(GELU(conv_1(LN(conv_d(x)))))); conv_d depthwise k16 "same" (7 left, 8 right)."""

    def __init__(self, c, dropout=0.2):
        super().__init__()
        # PyTorch's 'same' pads (k-1)//2 = 7 on the left and 8 on the right, the rule ARCHITECTURE.md states.
        self.conv_d = nn.Conv1d(c, c, 16, padding='same', groups=c)
        self.ln = ChannelLayerNorm(c)
        self.conv_1 = nn.Conv1d(c, 4 * c, 1)
        self.gelu = nn.GELU()
        self.conv_2 = nn.Conv1d(4 * c, c, 1)
        # Element-wise dropout with the release's 0.2, not the model-wide 0.3.
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return x + self.dropout(self.conv_2(self.gelu(self.conv_1(self.ln(self.conv_d(x))))))


class ConvNeXtStage(nn.Module):
    def __init__(self, c, out, dropout):
        super().__init__()
        self.blocks = nn.Sequential(*[ConvNeXtBlock(c, dropout) for _ in range(3)])
        self.ln = ChannelLayerNorm(c)
        self.down_sample = nn.Conv1d(c, out, 2, stride=2) if out is not None else None

    def forward(self, x):
        x = self.ln(self.blocks(x))
        return self.down_sample(x) if self.down_sample is not None else x


class ConvNeXt1D(nn.Module):
    """[N,1,3584] -> x_s [N,32,28]."""

    def __init__(self, dropout=0.2):
        super().__init__()
        self.stem = nn.Conv1d(1, 64, 32, stride=32)
        self.extractor = nn.ModuleList([
            ConvNeXtStage(64, 128, dropout),
            ConvNeXtStage(128, 32, dropout),
            ConvNeXtStage(32, None, dropout),
        ])

    def forward(self, x):
        x = self.stem(x)
        for stage in self.extractor:
            x = stage(x)
        return x


# ---------------------------------------------------------------- photometric extractor: shallow ResNet

class BasicBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.act1 = nn.ReLU()
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.act2 = nn.ReLU()

    def forward(self, x):
        y = self.bn2(self.conv2(self.act1(self.bn1(self.conv1(x)))))
        return self.act2(y + x)


class ResNetStem(nn.Module):
    """ResNet10-T deep stem (24, 32, 64 channels), max pool, one basic block: [N,3,128,128] -> [N,64,32,32]."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2, 1, bias=False), nn.BatchNorm2d(24), nn.ReLU(),
            nn.Conv2d(24, 32, 3, 1, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 64, 3, 1, 1, bias=False))
        self.bn1 = nn.BatchNorm2d(64)
        self.act1 = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(64))

    def forward(self, x):
        return self.layer1(self.maxpool(self.act1(self.bn1(self.conv1(x)))))


class PhotometricExtractor(nn.Module):
    """[N,3,128,128] -> x_p [N,32,28]."""

    def __init__(self):
        super().__init__()
        self.feature_extractor = ResNetStem()
        self.conv_blk = nn.Sequential(
            nn.Conv2d(64, 32, 3, padding='same'), nn.BatchNorm2d(32), nn.Conv2d(32, 32, 3, padding='same'))
        self.linear_blk = nn.Sequential(nn.GELU(), nn.Linear(32 * 32, TOKENS))

    def forward(self, x):
        x = self.conv_blk(self.feature_extractor(x))
        return self.linear_blk(x.reshape(x.shape[0], x.shape[1], -1))


# ---------------------------------------------------------------- multi-modality star fusion

class ConvBlock(nn.Module):
    """Conv1d k7 "same" with bias, optionally followed by BatchNorm1d (the release's ``block`` Sequential)."""

    def __init__(self, cin, cout, groups=1, norm=True):
        super().__init__()
        layers = [nn.Conv1d(cin, cout, 7, padding='same', groups=groups)]
        if norm:
            layers.append(nn.BatchNorm1d(cout))
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        return self.block(x)


def fusion_branch(c, expansion):
    """depthwise Conv1d C->C k7 + BN, then Conv1d C->4C k7 (no norm)."""
    return nn.Sequential(ConvBlock(c, c, groups=c), ConvBlock(c, expansion * c, norm=False))


class StarFusion(nn.Module):
    """x_f = DropPath(dwconv7(BN(conv7(GELU(photo_branch(x_s)) * spec_branch(x_p))))).

    The release's names are crossed: ``photo_branch`` is applied to the spectral features, ``spec_branch`` to the
    photometric ones (ARCHITECTURE.md, (release) naming).
    """

    def __init__(self, c=CHANNELS, expansion=4, drop_path=0.3):
        super().__init__()
        self.photo_branch = fusion_branch(c, expansion)
        self.spec_branch = fusion_branch(c, expansion)
        self.act = nn.GELU()
        self.fusion = nn.Sequential(ConvBlock(expansion * c, c), ConvBlock(c, c, groups=c, norm=False))
        self.drop_path = DropPath(drop_path)

    def forward(self, x_s, x_p):
        return self.drop_path(self.fusion(self.act(self.photo_branch(x_s)) * self.spec_branch(x_p)))


# ---------------------------------------------------------------- fusion transformer, MetaFormer, head

class FeedForward(nn.Module):
    """Dropout(ffn(LN(x))), ffn = Conv1d C->rC k1, GELU, Conv1d rC->C k1 [, Linear L->L' no bias on the last axis]."""

    def __init__(self, c, ratio, dropout, length=None, out_length=None):
        super().__init__()
        self.ln = ChannelLayerNorm(c)
        layers = [nn.Conv1d(c, ratio * c, 1), nn.GELU(), nn.Conv1d(ratio * c, c, 1)]
        if out_length is not None:
            layers.append(nn.Linear(length, out_length, bias=False))
        self.ffn = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.ffn(self.ln(x)))


class ChannelAttention(nn.Module):
    """One-head attention between channels, three LayerNorms and no projections, softmax plus one."""

    def __init__(self, c, length, drop_path):
        super().__init__()
        self.ln_q = ChannelLayerNorm(c)
        self.ln_k = ChannelLayerNorm(c)
        self.ln_v = ChannelLayerNorm(c)
        self.length = length
        self.drop_path = DropPath(drop_path)

    def forward(self, x):
        n, c, length = x.shape
        q = self.ln_q(x).reshape(n, 1, c, length)
        k = self.ln_k(x).reshape(n, 1, c, length)
        v = self.ln_v(x).reshape(n, 1, c, length)
        s = (q / math.sqrt(self.length)) @ k.transpose(-2, -1)            # [N,1,C,C]
        e = torch.exp(s - s.max(-1, keepdim=True).values)
        w = e / (1 + e.sum(-1, keepdim=True))                              # "softmax plus one"
        out = (self.drop_path(w) @ v).transpose(1, 2).reshape(n, c, length)
        return out, w


class FusionTransformerBlock(nn.Module):
    def __init__(self, c, length, dropout):
        super().__init__()
        self.mhsa = ChannelAttention(c, length, dropout)
        self.ffn = FeedForward(c, 4, dropout)

    def forward(self, x):
        a, w = self.mhsa(x)
        x = x + a
        return x + self.ffn(x), w


class MetaFormerBlock(nn.Module):
    """The last block: x + AvgPool(x), then the feed-forward with the length map and **no** residual (release)."""

    def __init__(self, c, length, dropout):
        super().__init__()
        self.mhsa = nn.AvgPool1d(3, 1, 1, count_include_pad=False)
        self.ffn = FeedForward(c, 2, dropout, length=length, out_length=length)

    def forward(self, x):
        x = x + self.mhsa(x)
        return self.ffn(x)


class RegressionHead(nn.Module):
    def __init__(self, c, hidden=32, outputs=2):
        super().__init__()
        self.se_blk = nn.Sequential(
            nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(c, c // 16, bias=False), nn.GELU(),
            nn.Linear(c // 16, c, bias=False), nn.Sigmoid())
        self.conv_blk = nn.Sequential(nn.Conv1d(c, hidden, 7, padding='same'), nn.BatchNorm1d(hidden))
        self.out_linear = nn.Linear(hidden, outputs)

    def forward(self, x):
        a = self.se_blk(x)                                                 # [N,96] SE weights
        y = self.out_linear(self.conv_blk(x * a[:, :, None]).mean(-1))
        return y, a


class SPFusion(nn.Module):
    """photometric [N,3,128,128], spectrum [N,1,3584] -> [N,2] (mass in Msun, age in Gyr)."""

    def __init__(self, dropout=0.3, convnext_dropout=0.2):
        super().__init__()
        self.spec_feature_extractor = ConvNeXt1D(convnext_dropout)
        self.photo_feature_extractor = PhotometricExtractor()
        self.star_fusion = StarFusion(drop_path=dropout)
        self.fusion_trans_blk = FusionTransformerBlock(3 * CHANNELS, TOKENS, dropout)
        self.trans_blks = nn.ModuleList([MetaFormerBlock(3 * CHANNELS, TOKENS, dropout)])
        self.classification_head = RegressionHead(3 * CHANNELS)

    def forward(self, photometric, spectrum, with_attention=False):
        """The prediction; with ``with_attention`` also the fusion attention [N,1,96,96] and SE weights [N,96]."""
        x_s = self.spec_feature_extractor(spectrum)
        x_p = self.photo_feature_extractor(photometric)
        x_f = self.star_fusion(x_s, x_p)
        x, w = self.fusion_trans_blk(torch.cat([x_p, x_f, x_s], 1))
        for block in self.trans_blks:
            x = block(x)
        y, a = self.classification_head(x)
        return (y, w, a) if with_attention else y


# ---------------------------------------------------------------- timing CLI (called by bench/SPFusion.Benchmarks)

def bench(mode, batch, steps, threads):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    m = SPFusion()
    n = sum(p.numel() for p in m.parameters())
    photo = torch.rand(batch, 3, IMAGE_SIZE, IMAGE_SIZE)
    spec = torch.rand(batch, 1, SPECTRUM_LENGTH)
    y = torch.rand(batch, 2)
    if mode == 'train':
        m.train()
        opt = torch.optim.Adam(m.parameters(), 1e-3, weight_decay=1e-4)
        w = torch.tensor([100.0, 1.0])   # loss = 100 MSE(mass) + MSE(age)

        def step():
            opt.zero_grad()
            loss = (((m(photo, spec) - y) ** 2).mean(0) * w).sum()
            loss.backward()
            opt.step()
    elif mode == 'infer':
        m.eval()

        def step():
            with torch.inference_mode():
                m(photo, spec)
    else:
        raise SystemExit(f"unknown mode {mode!r}: use train or infer")
    step()
    step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    dt = time.perf_counter() - t
    return {'framework': 'pytorch ' + torch.__version__, 'mode': mode, 'batch': batch, 'threads': threads,
            'params': n, 'samples_per_s': batch * steps / dt}


if __name__ == '__main__':
    mode = sys.argv[1] if len(sys.argv) > 1 else 'train'
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    print(json.dumps(bench(mode, batch, steps, threads)))
