package org.badit.clustering;

/**
 * One DOG regroup of G layers, on the host (small: G × N ints).
 *
 * @param labels {@code labels[g][i]}: the expert that component i of layer g belongs to, each expert exactly c
 * @param permutations {@code perm[g][s]}: the component that goes into slot s (slots {@code [k·c, (k+1)·c)} are
 *     expert k); components that stay in their expert keep their slot
 * @param moved {@code moved[g]}: how many components change slot in layer g
 * @param kmeansIterations Lloyd iterations of the k-means stage (-1: not reported, the ND4J backend)
 * @param refinementIterations alternations of the refinement stage (-1: not reported)
 */
public record RegroupResult(int[][] labels, int[][] permutations, int[] moved, int kmeansIterations,
        int refinementIterations) {}
