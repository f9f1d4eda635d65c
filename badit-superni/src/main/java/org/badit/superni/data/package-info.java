/**
 * Loading SuperNI tasks (both layouts) and the official evaluation file formats.
 *
 * <p>May import: {@code org.badit.superni}, {@code org.badit.superni.metrics}.
 */
package org.badit.superni.data;
