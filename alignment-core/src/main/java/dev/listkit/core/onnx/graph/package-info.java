/**
 * Layer 1: a dependency-free ONNX protobuf writer ({@link dev.listkit.core.onnx.graph.OnnxGraph}) and the
 * {@link dev.listkit.core.onnx.graph.OnnxExportable} contract blocks implement to write themselves. As
 * Tribuo's writer, it imports nothing of the models it writes; running ONNX graphs is {@code inference.ort}.
 */
package dev.listkit.core.onnx.graph;
