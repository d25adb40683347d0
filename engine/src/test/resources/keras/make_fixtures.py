#!/usr/bin/python3
"""Writes Keras 2 .h5 model files from known weights, without TensorFlow, for KerasImportTest.

Run with Debian's python3-h5py (apt-get install python3-h5py): /usr/bin/python3 make_fixtures.py
It writes, next to itself, one NAME.h5 per model (the layout `model.save` writes: the root attributes
`keras_version`, `backend` and `model_config`, the weights under `model_weights/<layer>/<layer>/<weight>:0`) and
NAME.<layer>.<weight>.npy with each weight, which the test builds the same network from directly in DL4J.
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261203)


def init(name):
    config = {"Zeros": {}, "Orthogonal": {"gain": 1.0, "seed": None}}.get(name, {"seed": None})
    return {"class_name": name, "config": config}


def dense(name, units, activation, input_dim=None):
    config = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
              "use_bias": True, "kernel_initializer": init("GlorotUniform"), "bias_initializer": init("Zeros"),
              "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
              "kernel_constraint": None, "bias_constraint": None}
    if input_dim is not None:
        config["batch_input_shape"] = [None, input_dim]
    return {"class_name": "Dense", "config": config}


def lstm(name, units, steps, features):
    config = {"name": name, "trainable": True, "batch_input_shape": [None, steps, features], "dtype": "float32",
              "return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False,
              "unroll": False, "units": units, "activation": "tanh", "recurrent_activation": "sigmoid",
              "use_bias": True, "kernel_initializer": init("GlorotUniform"),
              "recurrent_initializer": init("Orthogonal"), "bias_initializer": init("Zeros"),
              "unit_forget_bias": True, "kernel_regularizer": None, "recurrent_regularizer": None,
              "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
              "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
              "implementation": 2}
    return {"class_name": "LSTM", "config": config}


def conv2d(name, filters, kernel, activation, input_shape=None):
    config = {"name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [kernel, kernel],
              "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
              "activation": activation, "use_bias": True, "kernel_initializer": init("GlorotUniform"),
              "bias_initializer": init("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    if input_shape is not None:
        config["batch_input_shape"] = [None] + input_shape
    return {"class_name": "Conv2D", "config": config}


def weights(shape):
    return (RNG.standard_normal(shape) * 0.5).astype(np.float32)


def write(name, config, layer_weights):
    """layer_weights: [(layer name, [(weight name, array)])] in layer order."""
    with h5py.File(os.path.join(HERE, name + ".h5"), "w") as f:
        f.attrs["keras_version"] = np.bytes_("2.2.4")
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["model_config"] = np.bytes_(json.dumps(config))
        root = f.create_group("model_weights")
        root.attrs["layer_names"] = np.array([n.encode() for n, _ in layer_weights])
        root.attrs["backend"] = np.bytes_("tensorflow")
        root.attrs["keras_version"] = np.bytes_("2.2.4")
        for layer, ws in layer_weights:
            group = root.create_group(layer)
            group.attrs["weight_names"] = np.array([("%s/%s:0" % (layer, w)).encode() for w, _ in ws])
            inner = group.create_group(layer) if ws else None
            for w, array in ws:
                inner.create_dataset(w + ":0", data=array)
                np.save(os.path.join(HERE, "%s.%s.%s.npy" % (name, layer, w)), array)


def dense_weights(layer, n_in, n_out):
    return (layer, [("kernel", weights((n_in, n_out))), ("bias", weights((n_out,)))])


# A Sequential MLP: 4 -> 5 (relu) -> 3 (softmax).
write("mlp", {"class_name": "Sequential", "config": {"name": "mlp", "layers": [
    dense("dense_1", 5, "relu", input_dim=4), dense("dense_2", 3, "softmax")]}},
      [dense_weights("dense_1", 4, 5), dense_weights("dense_2", 5, 3)])

# A functional model with a residual Add: x -> a = relu(x W1 + b1), b = relu(x W2 + b2), softmax((a + b) W3 + b3).
write("residual", {"class_name": "Model", "config": {"name": "residual", "layers": [
    {"name": "input_1", "class_name": "InputLayer",
     "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "input_1"},
     "inbound_nodes": []},
    dict(dense("dense_a", 6, "relu"), name="dense_a", inbound_nodes=[[["input_1", 0, 0, {}]]]),
    dict(dense("dense_b", 6, "relu"), name="dense_b", inbound_nodes=[[["input_1", 0, 0, {}]]]),
    {"name": "add_1", "class_name": "Add", "config": {"name": "add_1", "trainable": True, "dtype": "float32"},
     "inbound_nodes": [[["dense_a", 0, 0, {}], ["dense_b", 0, 0, {}]]]},
    dict(dense("dense_out", 3, "softmax"), name="dense_out", inbound_nodes=[[["add_1", 0, 0, {}]]])],
    "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_out", 0, 0]]}},
      [("input_1", []), dense_weights("dense_a", 4, 6), dense_weights("dense_b", 4, 6), ("add_1", []),
       dense_weights("dense_out", 6, 3)])

# A Sequential LSTM over [batch, 5 steps, 4 features] (channels last), its last step to 3 classes.
write("lstm", {"class_name": "Sequential", "config": {"name": "lstm", "layers": [
    lstm("lstm_1", 6, 5, 4), dense("dense_1", 3, "softmax")]}},
      [("lstm_1", [("kernel", weights((4, 24))), ("recurrent_kernel", weights((6, 24))), ("bias", weights((24,)))]),
       dense_weights("dense_1", 6, 3)])

# A Sequential CNN on channels-last images [batch, 6, 6, 2], Keras' default layout: conv 3x3 (relu), max pooling
# 2x2, flatten (in height, width, channel order), dense to 3 classes.
write("cnn", {"class_name": "Sequential", "config": {"name": "cnn", "layers": [
    conv2d("conv2d_1", 3, 3, "relu", input_shape=[6, 6, 2]),
    {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1", "trainable": True, "dtype": "float32",
                                              "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                                              "data_format": "channels_last"}},
    {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": True, "dtype": "float32",
                                         "data_format": "channels_last"}},
    dense("dense_1", 3, "softmax")]}},
      [("conv2d_1", [("kernel", weights((3, 3, 2, 3))), ("bias", weights((3,)))]), ("max_pooling2d_1", []),
       ("flatten_1", []), dense_weights("dense_1", 2 * 2 * 3, 3)])

# A Sequential 1-D CNN over channels-last sequences [batch, 8 steps, 3 features], as Keras text models read them:
# Conv1D 4 filters of width 3 (relu, causal padding, dilation 2), global average pooling over time, dense to 3
# classes. Its scores for conv1d.x.npy are computed here from the Keras definition, independently of DL4J.
conv1d_kernel = weights((3, 3, 4))
conv1d_bias = weights((4,))
write("conv1d", {"class_name": "Sequential", "config": {"name": "conv1d", "layers": [
    {"class_name": "Conv1D", "config": {
        "name": "conv1d_1", "trainable": True, "batch_input_shape": [None, 8, 3], "dtype": "float32", "filters": 4,
        "kernel_size": [3], "strides": [1], "padding": "causal", "data_format": "channels_last",
        "dilation_rate": [2], "activation": "relu", "use_bias": True, "kernel_initializer": init("GlorotUniform"),
        "bias_initializer": init("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}},
    {"class_name": "GlobalAveragePooling1D", "config": {"name": "global_average_pooling1d_1", "trainable": True,
                                                        "dtype": "float32", "data_format": "channels_last"}},
    dense("dense_1", 3, "softmax")]}},
      [("conv1d_1", [("kernel", conv1d_kernel), ("bias", conv1d_bias)]), ("global_average_pooling1d_1", []),
       dense_weights("dense_1", 4, 3)])
x = RNG.standard_normal((2, 8, 3)).astype(np.float32)
np.save(os.path.join(HERE, "conv1d.x.npy"), x)
padded = np.concatenate([np.zeros((2, 4, 3), np.float32), x], axis=1)  # causal: (3 - 1) * 2 zeros in front
conv = np.stack([sum(padded[:, t + 2 * j, :] @ conv1d_kernel[j] for j in range(3)) for t in range(8)], axis=1)
pooled = np.maximum(conv + conv1d_bias, 0).mean(axis=1)
dense_kernel = np.load(os.path.join(HERE, "conv1d.dense_1.kernel.npy"))
dense_bias = np.load(os.path.join(HERE, "conv1d.dense_1.bias.npy"))
np.save(os.path.join(HERE, "conv1d.scores.npy"), (pooled @ dense_kernel + dense_bias).astype(np.float32))
