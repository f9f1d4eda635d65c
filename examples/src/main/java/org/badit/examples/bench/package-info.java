/** Throughput and memory measurements of the model substrate ({@code badit bench-model}). */
package org.badit.examples.bench;
