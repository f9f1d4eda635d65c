/**
 * Reports of runs and studies: JSON, Markdown tables, PNG charts.
 *
 * <p>May import: {@code org.badit.lora.io}, {@code org.badit.superni.stats}.
 */
package org.badit.examples.report;
