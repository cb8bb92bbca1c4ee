-- A lake in a local directory (./convstore local --lake-dir, tests): Iceberg's Hadoop catalog, no database.
-- ./convstore sql --warehouse file:///path/to/lake fills ${warehouse}.
CREATE CATALOG convstore WITH (
  'type' = 'iceberg',
  'catalog-type' = 'hadoop',
  'warehouse' = '${warehouse}'
)
