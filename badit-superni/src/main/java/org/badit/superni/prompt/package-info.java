/**
 * Prompt templates: the BADIT paper's and Tk-Instruct's encodings.
 *
 * <p>May import: {@code org.badit.superni}, {@code org.badit.superni.metrics}.
 */
package org.badit.superni.prompt;
