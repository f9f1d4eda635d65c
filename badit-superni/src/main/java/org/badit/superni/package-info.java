/**
 * SuperNI (Super-NaturalInstructions) for BADIT-J, in plain Java: loading tasks, rendering prompts, and scoring
 * predictions exactly as the official evaluation does.
 *
 * <ul>
 *   <li>{@link org.badit.superni.SuperNiTask}, {@link org.badit.superni.Instance}, {@link org.badit.superni.Example}:
 *       the task model;</li>
 *   <li>{@link org.badit.superni.data.SuperNiLoader}: both layouts (natural-instructions {@code tasks/} +
 *       {@code splits/}, and the BADIT paper's CL benchmark folders), caps, seeded sampling, filters;
 *       {@link org.badit.superni.data.EvaluationFiles}: the official predictions / references JSONL;</li>
 *   <li>{@link org.badit.superni.prompt.PromptTemplate}: {@link org.badit.superni.prompt.PaperPrompt} (the paper's)
 *       and {@link org.badit.superni.prompt.TkInstructPrompt} (Tk-Instruct's encodings, byte for byte);</li>
 *   <li>{@link org.badit.superni.metrics.SuperNiEvaluator}: exact match, ROUGE-L and ROUGE-1 per track (rouge-score
 *       with NLTK's Porter stemmer for English, GPT-2 BPE for xlingual), per task, per category, overall;
 *       {@link org.badit.superni.metrics.ContinualMetrics}: Cl, Fgt, Bwt, Fwt (GEM's or the paper's definitions)
 *       and colla;</li>
 *   <li>{@link org.badit.superni.stats.Interval} and {@link org.badit.superni.stats.PairedTests}: t-intervals over
 *       seeds, Wilcoxon and bootstrap comparisons of a method with baselines, verdicts with Holm's correction;</li>
 *   <li>{@link org.badit.superni.report.ReportTables}: Markdown and CSV tables.</li>
 * </ul>
 *
 * <p>Nothing here downloads anything: the GPT-2 vocabulary ships inside jtokkit's jar. Statistics use Apache
 * Commons Math 3.
 *
 * <p>May import: {@code org.badit.superni.metrics}.
 */
package org.badit.superni;
