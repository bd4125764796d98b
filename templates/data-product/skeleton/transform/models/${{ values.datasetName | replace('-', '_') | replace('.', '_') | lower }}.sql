-- ${{ values.datasetTitle }}: the dataset ${{ values.datasetName }} of ${{ values.name }}.
-- Replace the sample rows with the product's sources (declare them in sources.yml).
with source_rows as (
    select 'example-1' as id, current_timestamp as updated_at
    union all
    select 'example-2' as id, current_timestamp as updated_at
)

select
    id,
    updated_at
from source_rows
