package dev.sslheads.anndata.h5ad;

/** anndata's on-disk element encodings ({@code encoding-type} / {@code encoding-version} attributes). */
enum Encoding {
    ANNDATA("anndata", "0.1.0"),
    ARRAY("array", "0.2.0"),
    CSR("csr_matrix", "0.1.0"),
    CSC("csc_matrix", "0.1.0"),
    DATAFRAME("dataframe", "0.2.0"),
    CATEGORICAL("categorical", "0.2.0"),
    STRING_ARRAY("string-array", "0.2.0"),
    NULLABLE_INTEGER("nullable-integer", "0.1.0"),
    NULLABLE_BOOLEAN("nullable-boolean", "0.1.0"),
    NULLABLE_STRING_ARRAY("nullable-string-array", "0.1.0"),
    DICT("dict", "0.1.0"),
    STRING("string", "0.2.0"),
    NUMERIC_SCALAR("numeric-scalar", "0.2.0"),
    NULL("null", "0.1.0");

    final String type;
    final String version;

    Encoding(String type, String version) {
        this.type = type;
        this.version = version;
    }
}
