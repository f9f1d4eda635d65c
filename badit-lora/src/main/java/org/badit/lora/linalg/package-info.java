/**
 * Linear algebra DJL lacks: SVD, QR and eigh through a small TorchScript archive, and randomized SVD.
 *
 * <p>May import: {@code org.badit.lora.engine}.
 */
package org.badit.lora.linalg;
