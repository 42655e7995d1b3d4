(module
 (type $0 (func (param v128 v128) (result v128)))
 (type $1 (func (param i32 i32 i32 i32 i32 i32 i32)))
 (type $2 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result f64)))
 (import "env" "memory" (memory $mimport$0 0))
 (import "math" "m_pow" (func $fimport$0 (param v128 v128) (result v128)))
 (export "e0" (func $e0))
 (export "l0" (func $l0))
 (func $e0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32)
  (local $7 v128)
  (local $8 v128)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 v128)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 v128)
  (local.set $7
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $8
   (v128.load64_splat offset=8
    (local.get $3)
   )
  )
  (local.set $9
   (v128.load64_splat offset=16
    (local.get $3)
   )
  )
  (local.set $10
   (i32.or
    (v128.any_true
     (f64x2.eq
      (local.get $9)
      (v128.const i32x4 0x00000000 0x40000000 0x00000000 0x40000000)
     )
    )
    (i32.shl
     (v128.any_true
      (f64x2.eq
       (local.get $9)
       (v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000)
      )
     )
     (i32.const 1)
    )
   )
  )
  (if
   (i32.ne
    (local.get $10)
    (i32.const 0)
   )
   (then
    (if
     (local.get $5)
     (then
      (local.set $12
       (i32.shl
        (local.get $5)
        (i32.const 3)
       )
      )
      (loop $label
       (v128.store align=8
        (i32.add
         (local.get $4)
         (local.get $11)
        )
        (f64x2.div
         (f64x2.mul
          (f64x2.mul
           (local.get $7)
           (v128.load align=8
            (i32.add
             (local.get $0)
             (local.get $11)
            )
           )
          )
          (v128.load align=8
           (i32.add
            (local.get $1)
            (local.get $11)
           )
          )
         )
         (block (result v128)
          (local.set $13
           (f64x2.sub
            (v128.load align=8
             (i32.add
              (local.get $2)
              (local.get $11)
             )
            )
            (local.get $8)
           )
          )
          (if (result v128)
           (local.get $10)
           (then
            (if (result v128)
             (i32.eq
              (local.get $10)
              (i32.const 1)
             )
             (then
              (f64x2.mul
               (local.get $13)
               (local.get $13)
              )
             )
             (else
              (v128.bitselect
               (v128.const i32x4 0x00000000 0x7ff00000 0x00000000 0x7ff00000)
               (f64x2.abs
                (f64x2.sqrt
                 (local.get $13)
                )
               )
               (f64x2.eq
                (local.get $13)
                (v128.const i32x4 0x00000000 0xfff00000 0x00000000 0xfff00000)
               )
              )
             )
            )
           )
           (else
            (call $fimport$0
             (local.get $13)
             (local.get $9)
            )
           )
          )
         )
        )
       )
       (br_if $label
        (i32.lt_u
         (local.tee $11
          (i32.add
           (local.get $11)
           (i32.const 16)
          )
         )
         (local.get $12)
        )
       )
      )
     )
    )
   )
   (else
    (if
     (local.get $5)
     (then
      (local.set $16
       (i32.shl
        (i32.and
         (i32.add
          (local.get $5)
          (i32.const 1)
         )
         (i32.const -2)
        )
        (i32.const 3)
       )
      )
      (loop $label3
       (local.set $18
        (select
         (i32.add
          (local.get $17)
          (i32.const 2048)
         )
         (local.get $16)
         (i32.lt_u
          (i32.add
           (local.get $17)
           (i32.const 2048)
          )
          (local.get $16)
         )
        )
       )
       (local.set $14
        (i32.sub
         (i32.add
          (local.get $6)
          (i32.const 0)
         )
         (local.get $17)
        )
       )
       (local.set $15
        (local.get $17)
       )
       (loop $label1
        (v128.store align=8
         (i32.add
          (local.get $14)
          (local.get $15)
         )
         (block (result v128)
          (local.set $19
           (f64x2.sub
            (v128.load align=8
             (i32.add
              (local.get $2)
              (local.get $15)
             )
            )
            (local.get $8)
           )
          )
          (if (result v128)
           (local.get $10)
           (then
            (if (result v128)
             (i32.eq
              (local.get $10)
              (i32.const 1)
             )
             (then
              (f64x2.mul
               (local.get $19)
               (local.get $19)
              )
             )
             (else
              (v128.bitselect
               (v128.const i32x4 0x00000000 0x7ff00000 0x00000000 0x7ff00000)
               (f64x2.abs
                (f64x2.sqrt
                 (local.get $19)
                )
               )
               (f64x2.eq
                (local.get $19)
                (v128.const i32x4 0x00000000 0xfff00000 0x00000000 0xfff00000)
               )
              )
             )
            )
           )
           (else
            (call $fimport$0
             (local.get $19)
             (local.get $9)
            )
           )
          )
         )
        )
        (br_if $label1
         (i32.lt_u
          (local.tee $15
           (i32.add
            (local.get $15)
            (i32.const 16)
           )
          )
          (local.get $18)
         )
        )
       )
       (local.set $15
        (local.get $17)
       )
       (loop $label2
        (v128.store align=8
         (i32.add
          (local.get $4)
          (local.get $15)
         )
         (f64x2.div
          (f64x2.mul
           (f64x2.mul
            (local.get $7)
            (v128.load align=8
             (i32.add
              (local.get $0)
              (local.get $15)
             )
            )
           )
           (v128.load align=8
            (i32.add
             (local.get $1)
             (local.get $15)
            )
           )
          )
          (v128.load align=8
           (i32.add
            (local.get $14)
            (local.get $15)
           )
          )
         )
        )
        (br_if $label2
         (i32.lt_u
          (local.tee $15
           (i32.add
            (local.get $15)
            (i32.const 16)
           )
          )
          (local.get $18)
         )
        )
       )
       (br_if $label3
        (i32.lt_u
         (local.tee $17
          (local.get $18)
         )
         (local.get $16)
        )
       )
      )
     )
    )
   )
  )
 )
 (func $l0 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32) (result f64)
  (local $10 v128)
  (local $11 v128)
  (local $12 v128)
  (local $13 i32)
  (local $14 v128)
  (local $15 v128)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local $26 v128)
  (local $27 i32)
  (local $28 i32)
  (local $29 i32)
  (local $30 i32)
  (local $31 i32)
  (local $32 i32)
  (local $33 v128)
  (local $34 v128)
  (local $35 v128)
  (local $36 v128)
  (local.set $10
   (v128.load64_splat
    (local.get $3)
   )
  )
  (local.set $11
   (v128.load64_splat offset=8
    (local.get $3)
   )
  )
  (local.set $12
   (v128.load64_splat offset=16
    (local.get $3)
   )
  )
  (local.set $13
   (i32.or
    (v128.any_true
     (f64x2.eq
      (local.get $12)
      (v128.const i32x4 0x00000000 0x40000000 0x00000000 0x40000000)
     )
    )
    (i32.shl
     (v128.any_true
      (f64x2.eq
       (local.get $12)
       (v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000)
      )
     )
     (i32.const 1)
    )
   )
  )
  (local.set $16
   (i32.and
    (local.get $7)
    (i32.const 1)
   )
  )
  (local.set $17
   (i32.ne
    (i32.and
     (local.get $7)
     (i32.const 2)
    )
    (i32.const 0)
   )
  )
  (if
   (i32.ne
    (local.get $13)
    (i32.const 0)
   )
   (then
    (if
     (local.get $8)
     (then
      (local.set $19
       (i32.shl
        (i32.and
         (i32.add
          (local.get $8)
          (i32.const 1)
         )
         (i32.const -2)
        )
        (i32.const 3)
       )
      )
      (local.set $22
       (select
        (i32.shl
         (i32.sub
          (local.get $8)
          (i32.const 1)
         )
         (i32.const 3)
        )
        (i32.const -1)
        (i32.and
         (local.get $8)
         (i32.const 1)
        )
       )
      )
      (local.set $24
       (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
      )
      (local.set $25
       (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
      )
      (block $block
       (loop $label1
        (local.set $21
         (select
          (i32.add
           (local.get $20)
           (i32.const 4096)
          )
          (local.get $19)
          (i32.lt_u
           (i32.add
            (local.get $20)
            (i32.const 4096)
           )
           (local.get $19)
          )
         )
        )
        (local.set $18
         (local.get $20)
        )
        (loop $label
         (local.set $23
          (select
           (local.get $25)
           (local.get $24)
           (i32.eq
            (local.get $18)
            (local.get $22)
           )
          )
         )
         (local.set $15
          (f64x2.sub
           (f64x2.div
            (f64x2.mul
             (f64x2.mul
              (local.get $10)
              (v128.load align=8
               (i32.add
                (local.get $0)
                (local.get $18)
               )
              )
             )
             (v128.load align=8
              (i32.add
               (local.get $1)
               (local.get $18)
              )
             )
            )
            (block (result v128)
             (local.set $26
              (f64x2.sub
               (v128.load align=8
                (i32.add
                 (local.get $2)
                 (local.get $18)
                )
               )
               (local.get $11)
              )
             )
             (if (result v128)
              (local.get $13)
              (then
               (if (result v128)
                (i32.eq
                 (local.get $13)
                 (i32.const 1)
                )
                (then
                 (f64x2.mul
                  (local.get $26)
                  (local.get $26)
                 )
                )
                (else
                 (v128.bitselect
                  (v128.const i32x4 0x00000000 0x7ff00000 0x00000000 0x7ff00000)
                  (f64x2.abs
                   (f64x2.sqrt
                    (local.get $26)
                   )
                  )
                  (f64x2.eq
                   (local.get $26)
                   (v128.const i32x4 0x00000000 0xfff00000 0x00000000 0xfff00000)
                  )
                 )
                )
               )
              )
              (else
               (call $fimport$0
                (local.get $26)
                (local.get $12)
               )
              )
             )
            )
           )
           (v128.load align=8
            (i32.add
             (local.get $4)
             (local.get $18)
            )
           )
          )
         )
         (local.set $14
          (f64x2.add
           (v128.and
            (f64x2.mul
             (select
              (f64x2.abs
               (local.get $15)
              )
              (f64x2.mul
               (local.get $15)
               (local.get $15)
              )
              (local.get $16)
             )
             (v128.load align=8
              (local.get $5)
             )
            )
            (local.get $23)
           )
           (local.get $14)
          )
         )
         (local.set $5
          (i32.add
           (local.get $5)
           (local.get $6)
          )
         )
         (br_if $label
          (i32.lt_u
           (local.tee $18
            (i32.add
             (local.get $18)
             (i32.const 16)
            )
           )
           (local.get $21)
          )
         )
        )
        (br_if $block
         (i32.and
          (i32.eqz
           (i64x2.all_true
            (f64x2.eq
             (f64x2.sub
              (local.get $14)
              (local.get $14)
             )
             (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
            )
           )
          )
          (local.get $17)
         )
        )
        (br_if $label1
         (i32.lt_u
          (local.tee $20
           (local.get $21)
          )
          (local.get $19)
         )
        )
       )
      )
     )
    )
   )
   (else
    (if
     (local.get $8)
     (then
      (local.set $29
       (i32.shl
        (i32.and
         (i32.add
          (local.get $8)
          (i32.const 1)
         )
         (i32.const -2)
        )
        (i32.const 3)
       )
      )
      (local.set $32
       (select
        (i32.shl
         (i32.sub
          (local.get $8)
          (i32.const 1)
         )
         (i32.const 3)
        )
        (i32.const -1)
        (i32.and
         (local.get $8)
         (i32.const 1)
        )
       )
      )
      (local.set $34
       (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
      )
      (local.set $35
       (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
      )
      (block $block1
       (loop $label4
        (local.set $31
         (select
          (i32.add
           (local.get $30)
           (i32.const 2048)
          )
          (local.get $29)
          (i32.lt_u
           (i32.add
            (local.get $30)
            (i32.const 2048)
           )
           (local.get $29)
          )
         )
        )
        (local.set $27
         (i32.sub
          (i32.add
           (local.get $9)
           (i32.const 0)
          )
          (local.get $30)
         )
        )
        (local.set $28
         (local.get $30)
        )
        (loop $label2
         (v128.store align=8
          (i32.add
           (local.get $27)
           (local.get $28)
          )
          (block (result v128)
           (local.set $36
            (f64x2.sub
             (v128.load align=8
              (i32.add
               (local.get $2)
               (local.get $28)
              )
             )
             (local.get $11)
            )
           )
           (if (result v128)
            (local.get $13)
            (then
             (if (result v128)
              (i32.eq
               (local.get $13)
               (i32.const 1)
              )
              (then
               (f64x2.mul
                (local.get $36)
                (local.get $36)
               )
              )
              (else
               (v128.bitselect
                (v128.const i32x4 0x00000000 0x7ff00000 0x00000000 0x7ff00000)
                (f64x2.abs
                 (f64x2.sqrt
                  (local.get $36)
                 )
                )
                (f64x2.eq
                 (local.get $36)
                 (v128.const i32x4 0x00000000 0xfff00000 0x00000000 0xfff00000)
                )
               )
              )
             )
            )
            (else
             (call $fimport$0
              (local.get $36)
              (local.get $12)
             )
            )
           )
          )
         )
         (br_if $label2
          (i32.lt_u
           (local.tee $28
            (i32.add
             (local.get $28)
             (i32.const 16)
            )
           )
           (local.get $31)
          )
         )
        )
        (local.set $28
         (local.get $30)
        )
        (loop $label3
         (local.set $33
          (select
           (local.get $35)
           (local.get $34)
           (i32.eq
            (local.get $28)
            (local.get $32)
           )
          )
         )
         (local.set $15
          (f64x2.sub
           (f64x2.div
            (f64x2.mul
             (f64x2.mul
              (local.get $10)
              (v128.load align=8
               (i32.add
                (local.get $0)
                (local.get $28)
               )
              )
             )
             (v128.load align=8
              (i32.add
               (local.get $1)
               (local.get $28)
              )
             )
            )
            (v128.load align=8
             (i32.add
              (local.get $27)
              (local.get $28)
             )
            )
           )
           (v128.load align=8
            (i32.add
             (local.get $4)
             (local.get $28)
            )
           )
          )
         )
         (local.set $14
          (f64x2.add
           (v128.and
            (f64x2.mul
             (select
              (f64x2.abs
               (local.get $15)
              )
              (f64x2.mul
               (local.get $15)
               (local.get $15)
              )
              (local.get $16)
             )
             (v128.load align=8
              (local.get $5)
             )
            )
            (local.get $33)
           )
           (local.get $14)
          )
         )
         (local.set $5
          (i32.add
           (local.get $5)
           (local.get $6)
          )
         )
         (br_if $label3
          (i32.lt_u
           (local.tee $28
            (i32.add
             (local.get $28)
             (i32.const 16)
            )
           )
           (local.get $31)
          )
         )
        )
        (br_if $block1
         (i32.and
          (i32.eqz
           (i64x2.all_true
            (f64x2.eq
             (f64x2.sub
              (local.get $14)
              (local.get $14)
             )
             (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
            )
           )
          )
          (local.get $17)
         )
        )
        (br_if $label4
         (i32.lt_u
          (local.tee $30
           (local.get $31)
          )
          (local.get $29)
         )
        )
       )
      )
     )
    )
   )
  )
  (f64.add
   (f64x2.extract_lane 0
    (local.get $14)
   )
   (f64x2.extract_lane 1
    (local.get $14)
   )
  )
 )
)
