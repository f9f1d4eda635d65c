/**
 * Routers that weight the K experts: static (one learnable scalar per expert), per sequence (the paper's), per task
 * and per token, with the token router's balance loss.
 *
 * <p>May import: {@code org.badit.core.model}, {@code org.badit.lora.engine}.
 */
package org.badit.core.expert.router;
