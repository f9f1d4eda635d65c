/**
 * Adapted layers as DJL blocks: {@link org.badit.lora.nn.LoraLinear} (with the ASCII picture of its branch), the
 * adapted-linear base class, and block-tree surgery.
 *
 * <p>May import: {@code org.badit.lora.engine}.
 */
package org.badit.lora.nn;
