/** Markdown and CSV tables of evaluation reports. */
package org.badit.superni.report;
