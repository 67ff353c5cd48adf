/**
 * ONNX Runtime inference over an exported model directory ({@link dev.listkit.core.inference.ort.OnnxModel})
 * and the exporter that writes one from a DJL run ({@link dev.listkit.core.inference.ort.OnnxExporter}, using
 * the graph writer of {@code onnx.graph}).
 */
package dev.listkit.core.inference.ort;
