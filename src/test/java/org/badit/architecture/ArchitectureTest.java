package org.badit.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md, checked on the compiled main classes of every module (tests excluded).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // badit-core's test fixtures
                .importPackages("org.badit");
    }

    @Test
    void modulesAreLayered() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("lora").definedBy("org.badit.lora..")
                .layer("clustering").definedBy("org.badit.clustering..")
                .layer("superni").definedBy("org.badit.superni..")
                .layer("core").definedBy("org.badit.core..")
                .layer("examples").definedBy("org.badit.examples..")
                .whereLayer("examples").mayNotBeAccessedByAnyLayer()
                .whereLayer("core").mayOnlyBeAccessedByLayers("examples")
                .whereLayer("superni").mayOnlyBeAccessedByLayers("core", "examples")
                .whereLayer("clustering").mayOnlyBeAccessedByLayers("core", "examples")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.badit.(**)").should().beFreeOfCycles().check(classes);
    }

    /** DOG edits optimizer state through {@code PermutableOptimizerState}; {@code expert} never sees {@code train}. */
    static final ArchRule EXPERTS_DO_NOT_KNOW_THE_TRAINER = noClasses().that()
            .resideInAPackage("org.badit.core.expert..").should().dependOnClassesThat()
            .resideInAPackage("org.badit.core.train..");

    @Test
    void dogKnowsTheOptimizerStateOnlyThroughItsInterface() {
        EXPERTS_DO_NOT_KNOW_THE_TRAINER.check(classes);
    }

    @Test
    void theRuleCatchesADogThatImportsAdamW() {
        // A test class placed in org.badit.core.expert that uses AdamW, as Dog once did: the rule must reject it.
        JavaClasses offender = new ClassFileImporter().importClasses(
                org.badit.core.expert.ArchitectureOffender.class, org.badit.core.train.AdamW.class);
        AssertionError e = assertThrows(AssertionError.class, () -> EXPERTS_DO_NOT_KNOW_THE_TRAINER.check(offender));
        assertTrue(e.getMessage().contains("AdamW"), e.getMessage());
    }

    /**
     * Every main package's {@code package-info.java} declares what it may import ({@code <p>May import: {@code p},
     * ...}); a class that uses any other BADIT-J package fails here. The list is the one source of truth: widen it in
     * the package-info, with a reason, when a new dependency is intended.
     */
    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws IOException {
        Map<String, List<String>> declared = PackageRules.read(PackageRules.repositoryRoot());
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(c.getPackageName()));
        Set<String> undeclared = new TreeSet<>(packages);
        undeclared.removeAll(declared.keySet());
        assertTrue(undeclared.isEmpty(), "packages without a package-info 'May import' line: " + undeclared);
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : declared.entrySet()) {
            List<String> allowed = new ArrayList<>(e.getValue());
            allowed.add(e.getKey());
            EvaluationResult result = noClasses().that().resideInAPackage(e.getKey()).should().dependOnClassesThat(
                    JavaClass.Predicates.resideInAPackage("org.badit..").and(DescribedPredicate.not(
                            JavaClass.Predicates.resideInAnyPackage(allowed.toArray(String[]::new)))))
                    .as(e.getKey() + " imports only " + e.getValue()).allowEmptyShould(true).evaluate(classes);
            if (result.hasViolation()) {
                violations.add(result.getFailureReport().toString());
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void everyClassLivesUnderItsModulesPackage() {
        noClasses().should().resideOutsideOfPackages("org.badit.lora..", "org.badit.clustering..",
                "org.badit.superni..", "org.badit.core..", "org.badit.examples..").check(classes);
    }
}
