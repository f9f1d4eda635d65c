/**
 * Markdown and CSV tables of evaluation reports.
 *
 * <p>May import: {@code org.badit.superni.metrics}.
 */
package org.badit.superni.report;
