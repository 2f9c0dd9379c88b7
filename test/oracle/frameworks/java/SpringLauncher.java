import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurationSupport;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves one fixture app with a real Spring MVC DispatcherServlet (handler
 * mappings, @CrossOrigin processing, DefaultCorsProcessor) in embedded Jetty
 * on 127.0.0.1. Debian's Spring 4.3 cannot generate CGLIB subclasses on this
 * JDK, so the MVC configuration runs in "lite" mode: the fixture's
 * WebMvcConfigurer is called directly instead of through @EnableWebMvc.
 * Usage: SpringLauncher <app class> <port>
 */
public class SpringLauncher {
    /** Spring's own MVC set-up, fed with the app's CORS mappings; @Component makes its inherited @Bean methods count. */
    @org.springframework.stereotype.Component
    public static class LiteMvc extends WebMvcConfigurationSupport {
        static WebMvcConfigurer app;

        @Override
        protected void addCorsMappings(CorsRegistry registry) {
            if (app != null) app.addCorsMappings(registry);
        }

        // Lite mode calls other @Bean methods directly; this one would read an adapter that is not initialised yet.
        @org.springframework.context.annotation.Bean
        @Override
        public org.springframework.web.method.support.CompositeUriComponentsContributor mvcUriComponentsContributor() {
            return new org.springframework.web.method.support.CompositeUriComponentsContributor(java.util.Collections.emptyList());
        }
    }

    public static void main(String[] args) throws Exception {
        Class<?> app = Class.forName(args[0]);
        Object instance = app.getDeclaredConstructor().newInstance();
        if (instance instanceof WebMvcConfigurer) LiteMvc.app = (WebMvcConfigurer) instance;
        GenericWebApplicationContext context = new GenericWebApplicationContext();
        AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
        context.registerBeanDefinition("mvc", new org.springframework.beans.factory.support.RootBeanDefinition(LiteMvc.class));
        // Controllers and servlet filters are nested in the app class: one file holds the whole app.
        java.util.List<Class<?>> filters = new java.util.ArrayList<>();
        for (Class<?> nested : app.getDeclaredClasses()) {
            if (javax.servlet.Filter.class.isAssignableFrom(nested)) {
                filters.add(nested);
                continue;
            }
            context.registerBeanDefinition(nested.getSimpleName(), new org.springframework.beans.factory.support.RootBeanDefinition(nested));
        }
        DispatcherServlet dispatcher = new DispatcherServlet(context);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        for (Class<?> filter : filters) {
            handler.addFilter(new org.eclipse.jetty.servlet.FilterHolder((javax.servlet.Filter) filter.getDeclaredConstructor().newInstance()), "/*", java.util.EnumSet.of(javax.servlet.DispatcherType.REQUEST));
        }
        // An app that builds a CorsConfigurationSource gets it through Spring's CorsFilter, in front of everything.
        for (java.lang.reflect.Method m : app.getDeclaredMethods()) {
            if (!org.springframework.web.cors.CorsConfigurationSource.class.isAssignableFrom(m.getReturnType())) continue;
            m.setAccessible(true);
            org.springframework.web.cors.CorsConfigurationSource source = (org.springframework.web.cors.CorsConfigurationSource) m.invoke(instance);
            handler.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new org.springframework.web.filter.CorsFilter(source)), "/*", java.util.EnumSet.of(javax.servlet.DispatcherType.REQUEST));
        }
        handler.addServlet(new ServletHolder(dispatcher), "/*");
        context.setServletContext(handler.getServletContext());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        System.out.println("listening on " + connector.getLocalPort());
        server.join();
    }
}
