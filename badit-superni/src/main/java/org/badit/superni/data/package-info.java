/** Loading SuperNI tasks (both layouts) and the official evaluation file formats. */
package org.badit.superni.data;
