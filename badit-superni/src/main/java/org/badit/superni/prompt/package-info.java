/** Prompt templates: the BADIT paper's and Tk-Instruct's encodings. */
package org.badit.superni.prompt;
