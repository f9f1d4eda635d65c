package org.badit.superni.synthetic;

import java.util.List;

/** Holds the descriptive fields so that each concrete generator only implements {@link #instance}. */
abstract class AbstractGenerator implements TaskGenerator {

    private final String name;
    private final String definition;
    private final String category;
    private final Kind kind;
    private final List<Ability> abilities;

    AbstractGenerator(String name, String definition, String category, Kind kind, Ability... abilities) {
        this.name = name;
        this.definition = definition;
        this.category = category;
        this.kind = kind;
        this.abilities = List.of(abilities);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String definition() {
        return definition;
    }

    @Override
    public String category() {
        return category;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public List<Ability> abilities() {
        return abilities;
    }

    @Override
    public String toString() {
        return name;
    }
}
