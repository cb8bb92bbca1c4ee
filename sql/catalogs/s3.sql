-- The lake as convstore writes it in production: Iceberg's JDBC catalog in PostgreSQL, data files on S3.
-- ./convstore sql fills the ${...} values from its options (--catalog-uri, --warehouse, --s3-*) or, by default,
-- from the demo's services; any Flink SQL client takes this statement with the values filled in by hand
-- (the Flink job needs iceberg-flink-runtime and iceberg-aws-bundle on its classpath). Keep the catalog's name
-- 'convstore': Iceberg's JDBC catalog keeps tables per catalog name, and the job registers them under this one.
CREATE CATALOG convstore WITH (
  'type' = 'iceberg',
  'catalog-impl' = 'org.apache.iceberg.jdbc.JdbcCatalog',
  'uri' = '${catalog_uri}',
  'jdbc.user' = '${catalog_user}',
  'jdbc.password' = '${catalog_password}',
  'jdbc.schema-version' = 'V1',
  'warehouse' = '${warehouse}',
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  's3.endpoint' = '${s3_endpoint}',
  's3.path-style-access' = '${s3_path_style_access}',
  's3.access-key-id' = '${s3_access_key}',
  's3.secret-access-key' = '${s3_secret_key}',
  'client.region' = '${s3_region}'
)
