package org.badit.superni.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.badit.superni.Example;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * One generated task as plain data: its description, demonstrations and instances, already split into training
 * and test instances (the split the CL-benchmark layout writes as {@code train.json} / {@code test.json}).
 *
 * @param name the task name (e.g. {@code syn_reverse_word}); instance ids are {@code <name>-<n>}
 * @param definition the instruction
 * @param category the SuperNI category
 * @param kind classification or generation
 * @param abilities the basic abilities the task needs
 * @param basic true for a "basic ability" task (pre-training), false for a held-out instruct-tuning task
 * @param positiveExamples correct demonstrations (inputs never reused by an instance)
 * @param negativeExamples wrong demonstrations with an explanation
 * @param train the training instances
 * @param test the test instances (disjoint inputs from {@code train})
 */
public record SyntheticTask(String name, String definition, String category, Kind kind, List<Ability> abilities,
        boolean basic, List<Example> positiveExamples, List<Example> negativeExamples, List<Instance> train,
        List<Instance> test) {

    /** Copies the lists. */
    public SyntheticTask {
        abilities = List.copyOf(abilities);
        positiveExamples = List.copyOf(positiveExamples);
        negativeExamples = List.copyOf(negativeExamples);
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * All instances, training first, as the original-layout task file holds them.
     *
     * @return the instances
     */
    public List<Instance> instances() {
        List<Instance> all = new ArrayList<>(train.size() + test.size());
        all.addAll(train);
        all.addAll(test);
        return all;
    }

    /**
     * The task with all its instances, as the loader would read it from the original layout.
     *
     * @return the SuperNI task
     */
    public SuperNiTask toSuperNiTask() {
        return superNi(instances());
    }

    /**
     * The task with its training instances only (what {@code <task>/train.json} holds).
     *
     * @return the SuperNI task
     */
    public SuperNiTask trainTask() {
        return superNi(train);
    }

    /**
     * The task with its test instances only (what {@code <task>/test.json} holds).
     *
     * @return the SuperNI task
     */
    public SuperNiTask testTask() {
        return superNi(test);
    }

    private SuperNiTask superNi(List<Instance> instances) {
        return new SuperNiTask(name, List.of(definition), List.of(category), positiveExamples, negativeExamples,
                instances, List.of("English"), List.of("English"), List.of(SuiteWriter.SOURCE));
    }
}
