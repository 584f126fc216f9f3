"""Loads the authors' published ONNX weights (models/spfusion-published.onnx) into the rebuild in spfusion_torch.py.

The graph's nodes are walked in order (ARCHITECTURE.md, "Mapping the published ONNX back onto the layers"). A node's
name is the PyTorch module path of the layer it came from (``/star_fusion/photo_branch/photo_branch.0/block/block.0/
Conv`` is module ``star_fusion.photo_branch.0.block.0``), and the rebuild uses the same module names, so each
weight-carrying node names its own target. What the exporter changed is undone here:

* Conv: weight and bias as they are; where a batch norm was folded into the conv (``onnx::Conv_NNN`` initialisers),
  the folded bias goes to the conv's own bias if it has one, else to the norm's bias, and the norm becomes the
  identity (weight 1, running mean 0, running variance 1 - eps, so sqrt(var + eps) is exactly 1);
* Mul / Add under a LayerNorm: its weight / bias (constants of shape [C,1] or [1,C,1]);
* MatMul: a Linear weight stored as [in,out], transposed; Add after it: that Linear's bias;
* Gemm (transB=1): the output Linear's weight [out,in] and bias.

Every initialiser must be used exactly once and every parameter and buffer of the rebuild written exactly once;
anything else raises, naming the node.
"""
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PUBLISHED_ONNX = os.path.join(REPO_ROOT, 'models', 'spfusion-published.onnx')

# Each conv whose batch norm the exporter folded into it -> that batch norm (the layer right after it).
FOLDED = {
    'photo_feature_extractor.feature_extractor.conv1.0': 'photo_feature_extractor.feature_extractor.conv1.1',
    'photo_feature_extractor.feature_extractor.conv1.3': 'photo_feature_extractor.feature_extractor.conv1.4',
    'photo_feature_extractor.feature_extractor.conv1.6': 'photo_feature_extractor.feature_extractor.bn1',
    'photo_feature_extractor.feature_extractor.layer1.0.conv1': 'photo_feature_extractor.feature_extractor.layer1.0.bn1',
    'photo_feature_extractor.feature_extractor.layer1.0.conv2': 'photo_feature_extractor.feature_extractor.layer1.0.bn2',
    'photo_feature_extractor.conv_blk.0': 'photo_feature_extractor.conv_blk.1',
    'star_fusion.photo_branch.0.block.0': 'star_fusion.photo_branch.0.block.1',
    'star_fusion.spec_branch.0.block.0': 'star_fusion.spec_branch.0.block.1',
    'star_fusion.fusion.0.block.0': 'star_fusion.fusion.0.block.1',
    'classification_head.conv_blk.0': 'classification_head.conv_blk.1',
}


def module_path(node_name):
    """'/a/b.0/c/c.1/Conv' -> 'a.b.0.c.1': the exporter writes a Sequential child as 'parent/parent.k'."""
    parts = []
    for segment in node_name.strip('/').split('/')[:-1]:
        if parts and segment.startswith(parts[-1] + '.'):
            parts[-1] = segment
        else:
            parts.append(segment)
    return '.'.join(parts)


class _Writer:
    """Writes tensors into the model's state by key, checking shapes and that no key is written twice."""

    def __init__(self, model):
        self.state = dict(model.state_dict(keep_vars=True))
        self.written = set()

    def put(self, key, value, node):
        target = self.state.get(key)
        if target is None:
            raise ValueError(f"node '{node.name}': the rebuild has no parameter or buffer '{key}'")
        value = np.asarray(value, dtype=np.float32)
        if tuple(value.shape) != tuple(target.shape):
            raise ValueError(f"node '{node.name}': '{key}' is {tuple(target.shape)}, the initialiser {value.shape}")
        if key in self.written:
            raise ValueError(f"node '{node.name}': '{key}' written twice")
        with torch.no_grad():
            target.copy_(torch.from_numpy(value.copy()))
        self.written.add(key)

    def reset_counter(self, key, node):
        """Zeroes an integer buffer (a batch norm's num_batches_tracked): the export carries no such counter."""
        if key not in self.state or key in self.written:
            raise ValueError(f"node '{node.name}': counter '{key}' missing or written twice")
        self.state[key].zero_()
        self.written.add(key)


def load_published(model, onnx_path=PUBLISHED_ONNX):
    """Puts the published weights into ``model`` (an spfusion_torch.SPFusion), returns it in eval mode."""
    graph = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    w = _Writer(model)
    used = set()
    for node in graph.node:
        names = [n for n in node.input if n in inits]
        if not names:
            continue
        path = module_path(node.name)
        try:
            module = model.get_submodule(path)
        except AttributeError as e:
            raise ValueError(f"node '{node.name}' ({node.op_type}): no module '{path}' in the rebuild") from e
        values = [inits[n] for n in names]
        for n in names:
            if n in used:
                raise ValueError(f"node '{node.name}': initialiser '{n}' used twice")
            # Initialisers the exporter did not rename must be this module's own parameters: a check that the
            # rebuild's module names really are the authors'.
            if not n.startswith('onnx::') and n not in (f'{path}.weight', f'{path}.bias'):
                raise ValueError(f"node '{node.name}': initialiser '{n}' does not belong to module '{path}'")
        used.update(names)
        op = node.op_type
        if op == 'Conv' and isinstance(module, (nn.Conv1d, nn.Conv2d)):
            _expect(node, values, 2)
            weight, bias = values
            folded = names[0].startswith('onnx::')
            if folded != (path in FOLDED):
                raise ValueError(f"node '{node.name}': folded={folded}, but the rebuild expects "
                                 f"{'a' if path in FOLDED else 'no'} batch norm after '{path}'")
            w.put(f'{path}.weight', weight, node)
            if not folded:
                w.put(f'{path}.bias', bias, node)
                continue
            norm_path = FOLDED[path]
            norm = model.get_submodule(norm_path)
            if not isinstance(norm, nn.modules.batchnorm._BatchNorm):
                raise ValueError(f"'{norm_path}' (after '{path}') is not a batch norm")
            if module.bias is not None:
                w.put(f'{path}.bias', bias, node)
                w.put(f'{norm_path}.bias', np.zeros_like(bias), node)
            else:
                w.put(f'{norm_path}.bias', bias, node)
            c = bias.shape[0]
            w.put(f'{norm_path}.weight', np.ones(c), node)
            w.put(f'{norm_path}.running_mean', np.zeros(c), node)
            # float32(1 - eps) + eps rounds to exactly 1 in float32, so the norm divides by 1.
            w.put(f'{norm_path}.running_var', np.full(c, 1 - norm.eps), node)
            w.reset_counter(f'{norm_path}.num_batches_tracked', node)
        elif op in ('Mul', 'Add') and type(module).__name__ == 'ChannelLayerNorm':
            _expect(node, values, 1)
            v = values[0]
            if v.size != module.weight.shape[0] or sum(d != 1 for d in v.shape) > 1:
                raise ValueError(f"node '{node.name}': LayerNorm constant of shape {v.shape}")
            w.put(f"{path}.{'weight' if op == 'Mul' else 'bias'}", v.reshape(-1), node)
        elif op == 'MatMul' and isinstance(module, nn.Linear):
            _expect(node, values, 1)
            w.put(f'{path}.weight', values[0].T, node)          # stored [in,out]; Linear holds [out,in]
        elif op == 'Add' and isinstance(module, nn.Linear):
            _expect(node, values, 1)
            w.put(f'{path}.bias', values[0], node)
        elif op == 'Gemm' and isinstance(module, nn.Linear):
            _expect(node, values, 2)
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get('transB') != 1 or attrs.get('transA', 0) != 0 or attrs.get('alpha', 1.0) != 1.0 \
                    or attrs.get('beta', 1.0) != 1.0:
                raise ValueError(f"node '{node.name}': Gemm attributes {attrs}, expected transB=1 only")
            w.put(f'{path}.weight', values[0], node)
            w.put(f'{path}.bias', values[1], node)
        else:
            raise ValueError(f"node '{node.name}' ({op}) maps to '{path}', a {type(module).__name__}: no rule for it")
    unused = [n for n in inits if n not in used and _is_weight(inits[n])]
    if unused:
        raise ValueError(f'initialisers not used by any weight-carrying node: {unused[:5]}')
    missing = sorted(set(w.state) - w.written)
    if missing:
        raise ValueError(f'parameters or buffers of the rebuild not loaded: {missing[:5]}')
    return model.eval()


def _expect(node, values, count):
    if len(values) != count:
        raise ValueError(f"node '{node.name}' has {len(values)} initialisers, expected {count}")


def _is_weight(array):
    # The graph also stores shape constants (int64 axes for Unsqueeze/ReduceSum) as initialisers; only float
    # initialisers are weights.
    return array.dtype == np.float32
