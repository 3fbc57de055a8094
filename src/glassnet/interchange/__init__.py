"""Models that travel: Keras 3 ``.keras`` files and ONNX export.

Imported on first use only (h5py, onnx and skl2onnx are the ``interchange`` extra):

- ``keras_file.save_keras`` / ``load_keras``: what ``model.save("m.keras")`` and
  ``glassnet.models.load_model("m.keras")`` use;
- ``onnx_export.export_onnx``: what ``model.export("m.onnx", format="onnx")`` uses;
- ``skl2onnx_converters``: registers the scikit-learn estimators with skl2onnx.
"""
