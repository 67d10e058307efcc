/** sslheads: self-supervised clustering heads on DJL. */
package dev.sslheads;
