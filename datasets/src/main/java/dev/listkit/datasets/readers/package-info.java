/**
 * {@link dev.listkit.core.data.DatasetProvider}s for public datasets with their own layout: ESC-50,
 * UrbanSound8K, Clotho, AudioCaps, WavCaps, OpenSFX, Tux Paint stamps, Flickr8k, CIFAR-10 folders,
 * COCO captions, any caption CSV with chosen columns, and plain media folders.
 */
package dev.listkit.datasets.readers;
