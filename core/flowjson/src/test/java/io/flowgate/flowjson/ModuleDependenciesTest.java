package io.flowgate.flowjson;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module is JDK only: the server, the plugin kit and tools can all embed it, and it cannot drag a library
 * into core. Any dependency its pom declares must be test-scoped.
 */
class ModuleDependenciesTest {

    @Test
    void thePomDeclaresNoDependencyOutsideTheTestScope() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var pom = factory.newDocumentBuilder().parse(new File("pom.xml"));
        NodeList dependencies = pom.getElementsByTagName("dependency");
        var notTestScoped = new ArrayList<String>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            var dependency = (Element) dependencies.item(i);
            NodeList scope = dependency.getElementsByTagName("scope");
            if (scope.getLength() == 0 || !scope.item(0).getTextContent().strip().equals("test")) {
                notTestScoped.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().strip());
            }
        }

        assertThat(dependencies.getLength()).as("the pom is the module's own").isPositive();
        assertThat(notTestScoped).as("compile or runtime dependencies of flowgate-flowjson").isEmpty();
    }
}
