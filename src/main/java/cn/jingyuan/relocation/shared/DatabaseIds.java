package cn.jingyuan.relocation.shared;

import java.util.Properties;

import org.apache.ibatis.mapping.DatabaseIdProvider;
import org.apache.ibatis.mapping.VendorDatabaseIdProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the database for MyBatis ({@code _databaseId} in mapper XML): {@code mysql} for MySQL and MariaDB,
 * {@code h2} for the embedded default. Mappers stay portable; a statement uses it only for a hint one of them
 * needs (the task list's join order on MariaDB).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseIds {

    @Bean
    DatabaseIdProvider databaseIdProvider() {
        Properties vendors = new Properties();
        vendors.setProperty("MySQL", "mysql");
        vendors.setProperty("MariaDB", "mysql");
        vendors.setProperty("H2", "h2");
        VendorDatabaseIdProvider provider = new VendorDatabaseIdProvider();
        provider.setProperties(vendors);
        return provider;
    }
}
