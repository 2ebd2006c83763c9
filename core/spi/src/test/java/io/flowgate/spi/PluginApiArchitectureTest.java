package io.flowgate.spi;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@AnalyzeClasses(packages = "io.flowgate.spi", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginApiArchitectureTest {

    @ArchTest
    static final ArchRule jdkOnly = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.flowgate.spi..", "java..")
            .because("every plugin's class loader shares this package: a third-party type here would be shared forever");
}
