package org.badit.superni;

import java.util.List;
import org.badit.superni.metrics.Reference;

/**
 * One SuperNI task file.
 *
 * @param name the task name, i.e. the file name without {@code .json} (or the folder name in the CL layout)
 * @param definitions the task definitions ({@code Definition}; v2 files hold a list, prompts use the first)
 * @param categories the task categories ({@code Categories}; the official evaluation groups by the first)
 * @param positiveExamples the positive demonstrations
 * @param negativeExamples the negative demonstrations
 * @param instances the instances, in file order (after any cap or sampling of the loader)
 * @param inputLanguages {@code Input_language}, empty when absent
 * @param outputLanguages {@code Output_language}, empty when absent
 * @param source {@code Source}, empty when absent
 */
public record SuperNiTask(String name, List<String> definitions, List<String> categories,
        List<Example> positiveExamples, List<Example> negativeExamples, List<Instance> instances,
        List<String> inputLanguages, List<String> outputLanguages, List<String> source) {

    /** Copies the lists. */
    public SuperNiTask {
        definitions = List.copyOf(definitions);
        categories = List.copyOf(categories);
        positiveExamples = List.copyOf(positiveExamples);
        negativeExamples = List.copyOf(negativeExamples);
        instances = List.copyOf(instances);
        inputLanguages = List.copyOf(inputLanguages);
        outputLanguages = List.copyOf(outputLanguages);
        source = List.copyOf(source);
    }

    /**
     * The definition the prompts use: the first of {@link #definitions()}.
     *
     * @return the definition
     */
    public String definition() {
        return definitions.get(0);
    }

    /**
     * The first category, which the official evaluation groups by.
     *
     * @return the category, e.g. {@code Textual Entailment}
     */
    public String category() {
        return categories.get(0);
    }

    /**
     * The official grouping key of the first category: {@code "_".join(category.lower().split())}.
     *
     * @return e.g. {@code textual_entailment}
     */
    public String categoryKey() {
        return Reference.categoryKey(category());
    }

    /**
     * The same task with other instances (for caps, sampling or splits).
     *
     * @param newInstances the instances
     * @return a copy with those instances
     */
    public SuperNiTask withInstances(List<Instance> newInstances) {
        return new SuperNiTask(name, definitions, categories, positiveExamples, negativeExamples, newInstances,
                inputLanguages, outputLanguages, source);
    }
}
